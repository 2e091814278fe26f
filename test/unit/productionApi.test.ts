// An installed extension (production mode) hands nothing to other extensions: the API its own
// in-editor tests drive the panels with exists only in development and test modes. `activate` runs
// here for real, against a stand-in for the `vscode` module that answers every call with another
// stand-in (no editor is needed to see what `activate` returns).
import * as assert from 'node:assert/strict';
import Module from 'node:module';

/** A `vscode` stand-in: any property, call or `new` gives a stand-in; the same path gives the same one. */
function standIn(path = 'vscode', cache = new Map<string, unknown>()): unknown {
  const known = cache.get(path);
  if (known) return known;
  const proxy: unknown = new Proxy(function () {}, {
    get(_t, key) {
      // Not a promise (an `await` on it goes on at once), not a primitive, not iterable to anything.
      if (key === 'then') return undefined;
      if (key === Symbol.toPrimitive) return () => NaN;
      if (key === Symbol.iterator) return function* () {};
      return standIn(`${path}.${String(key)}`, cache);
    },
    // Writes (a status bar item's text) are taken and forgotten.
    set: () => true,
    apply: () => standIn(`${path}()`, cache),
    construct: () => standIn(`new ${path}`, cache) as object,
  });
  cache.set(path, proxy);
  return proxy;
}

describe('the production extension', () => {
  const vscode = standIn() as { ExtensionMode: { Production: unknown; Test: unknown; Development: unknown } };
  const resolve = (Module as unknown as { _resolveFilename: (r: string, ...a: unknown[]) => string })._resolveFilename;
  let extension: { activate(context: unknown): unknown };

  before(async () => {
    (Module as unknown as { _resolveFilename: typeof resolve })._resolveFilename = function (request, ...rest) {
      return request === 'vscode' ? 'vscode' : resolve.call(this, request, ...rest);
    };
    require.cache['vscode'] = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscode } as NodeJS.Module;
    extension = (await import('../../src/extension/extension')) as typeof extension;
  });

  after(() => {
    (Module as unknown as { _resolveFilename: typeof resolve })._resolveFilename = resolve;
    delete require.cache['vscode'];
  });

  /** Activates with a context in `mode`; disposes what it started (its timers) afterwards. */
  function activateIn(mode: unknown): unknown {
    const subscriptions: { dispose(): unknown }[] = [];
    const context = {
      extensionMode: mode,
      subscriptions,
      extensionUri: standIn('extensionUri'),
      extension: { packageJSON: { version: '0.0.0-test' } },
    };
    try {
      return extension.activate(context);
    } finally {
      for (const d of subscriptions) d.dispose();
    }
  }

  it('returns nothing from activate when installed (production mode)', () => {
    assert.equal(activateIn(vscode.ExtensionMode.Production), undefined);
  });

  it('returns the test API in test and development modes (the check above can fail)', () => {
    for (const mode of [vscode.ExtensionMode.Test, vscode.ExtensionMode.Development]) {
      const api = activateIn(mode) as Record<string, unknown> | undefined;
      assert.equal(typeof api?.['probeCurves'], 'function');
      assert.equal(typeof api?.['applyMatrixState'], 'function');
    }
  });
});
