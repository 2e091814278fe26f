import type * as vscode from 'vscode';

/** Owns disposables and frees them together (the pattern of VS Code's own extensions). */
export abstract class Disposable implements vscode.Disposable {
  private readonly owned: vscode.Disposable[] = [];
  private disposed_ = false;

  protected get isDisposed(): boolean {
    return this.disposed_;
  }

  protected _register<T extends vscode.Disposable>(d: T): T {
    if (this.disposed_) d.dispose();
    else this.owned.push(d);
    return d;
  }

  dispose(): void {
    if (this.disposed_) return;
    this.disposed_ = true;
    while (this.owned.length > 0) {
      try {
        this.owned.pop()!.dispose();
      } catch {
        /* keep disposing the rest */
      }
    }
  }
}
