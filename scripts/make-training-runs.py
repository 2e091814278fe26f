"""Trains small PyTorch networks on scikit-learn's bundled digits data and writes each run's log in the
formats Metric Lens reads, so the training-health rules can be tested on real curves with known causes.

Run with Debian's python3 after `apt-get install -y python3-torch` (sklearn is already there):

    /usr/bin/python3 scripts/make-training-runs.py

It writes test/fixtures/runs/<run>/ (runs listed in RUNS below) with
  history.csv   Keras CSVLogger layout (epoch 0-based, one row per epoch)
  metrics.csv   Lightning CSVLogger layout (step rows every few batches, then an epoch row with validation;
                not for the swapped run, whose step rows could not be swapped)
  train.log     print()-style lines, `Epoch [k/N], Train Loss: …, Val Acc: …%` (epoch 1-based)
  metrics.jsonl one JSON object per epoch (Python's json writes NaN as the bare token NaN)
and test/fixtures/runs/runs.json: what each run was built to show, with reference numbers computed here
from the raw values (the epoch of the lowest validation loss, the first non-finite epoch), independent of
the detector under test. Seeded and single-threaded, so it writes the same files every time on one machine.
"""
import json
import math
import os
import random

import numpy as np
import torch
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from torch import nn

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "runs")
torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)


def seed_all(seed):
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def digits():
    x, y = load_digits(return_X_y=True)
    x = (x / 16.0).astype(np.float32)
    return train_test_split(x, y, test_size=540, random_state=0, stratify=y)


def mlp(hidden, depth=2, dropout=0.0, activation=nn.ReLU):
    layers, width = [], 64
    for _ in range(depth):
        layers += [nn.Linear(width, hidden), activation()]
        if dropout:
            layers.append(nn.Dropout(dropout))
        width = hidden
    layers.append(nn.Linear(width, 10))
    return nn.Sequential(*layers)


def evaluate(model, x, y):
    model.eval()
    with torch.no_grad():
        out = model(x)
        loss = nn.functional.cross_entropy(out, y).item()
        acc = (out.argmax(1) == y).float().mean().item()
    return loss, acc


def train(spec):
    seed_all(spec.get("seed", 0))
    xtr, xva, ytr, yva = digits()
    if "train_size" in spec:
        xtr, ytr = xtr[: spec["train_size"]], ytr[: spec["train_size"]]
    if spec.get("label_noise"):
        # Some training labels replaced by random ones: memorising them is what overfitting looks like.
        rs = np.random.RandomState(2)
        flip = rs.rand(len(ytr)) < spec["label_noise"]
        ytr = ytr.copy()
        ytr[flip] = rs.randint(0, 10, size=flip.sum())
    if spec.get("leak"):
        # Validation drawn from the training set: the overlap the guides warn about.
        idx = np.random.RandomState(1).choice(len(xtr), size=len(xva), replace=False)
        xva, yva = xtr[idx], ytr[idx]
    xtr, ytr, xva, yva = map(torch.tensor, (xtr, ytr, xva, yva))
    model = spec["model"]()
    opt = spec["optimizer"](model.parameters())
    sched = spec["scheduler"](opt) if "scheduler" in spec else None
    g = torch.Generator().manual_seed(spec.get("seed", 0))
    batch, log_every = spec.get("batch", 32), spec.get("log_every", 10)
    epochs, step = [], 0
    for epoch in range(spec["epochs"]):
        model.train()
        order = torch.randperm(len(xtr), generator=g)
        total, correct, seen, window = 0.0, 0, 0, []
        steps = []
        for k in range(0, len(xtr), batch):
            bi = order[k : k + batch]
            out = model(xtr[bi])
            loss = nn.functional.cross_entropy(out, ytr[bi])
            opt.zero_grad()
            loss.backward()
            opt.step()
            step += 1
            value = loss.item()
            total += value * len(bi)
            correct += (out.argmax(1) == ytr[bi]).sum().item()
            seen += len(bi)
            window.append(value)
            if step % log_every == 0:
                steps.append((step, sum(window) / len(window)))
                window = []
        if sched:
            sched.step()
        val_loss, val_acc = evaluate(model, xva, yva)
        row = {"epoch": epoch, "step": step, "train_loss": total / seen, "train_acc": correct / seen,
               "val_loss": val_loss, "val_acc": val_acc, "steps": steps}
        if spec.get("swap"):
            # A logging bug: the two splits written into each other's columns.
            row["train_loss"], row["val_loss"] = row["val_loss"], row["train_loss"]
            row["train_acc"], row["val_acc"] = row["val_acc"], row["train_acc"]
        epochs.append(row)
    return epochs


def num(v):
    """Keras' CSVLogger and pandas spell non-finite values this way."""
    if math.isnan(v):
        return "nan"
    if math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return repr(round(v, 6))


def pct(v):
    return "nan" if math.isnan(v) else f"{v * 100:.2f}%"


def four(v):
    return f"{v:.4f}"


def write_run(name, epochs, swapped=False):
    folder = os.path.join(OUT, name)
    os.makedirs(folder, exist_ok=True)
    n = len(epochs)
    with open(os.path.join(folder, "history.csv"), "w") as f:
        f.write("epoch,accuracy,loss,val_accuracy,val_loss\n")
        for e in epochs:
            f.write(f"{e['epoch']},{num(e['train_acc'])},{num(e['train_loss'])},{num(e['val_acc'])},{num(e['val_loss'])}\n")
    # A swap bug would swap the step rows too, which exist only for training: no Lightning layout for it.
    if not swapped:
        with open(os.path.join(folder, "metrics.csv"), "w") as f:
            f.write("epoch,step,train_loss,train_acc,val_loss,val_acc\n")
            for e in epochs:
                for s, v in e["steps"]:
                    f.write(f"{e['epoch']},{s},{num(v)},,,\n")
                f.write(f"{e['epoch']},{e['step']},,{num(e['train_acc'])},{num(e['val_loss'])},{num(e['val_acc'])}\n")
    with open(os.path.join(folder, "train.log"), "w") as f:
        f.write(f"Training {name}: {n} epochs\n")
        for e in epochs:
            f.write(f"Epoch [{e['epoch'] + 1}/{n}], Train Loss: {four(e['train_loss'])}, Train Acc: {pct(e['train_acc'])}, "
                    f"Val Loss: {four(e['val_loss'])}, Val Acc: {pct(e['val_acc'])}\n")
    with open(os.path.join(folder, "metrics.jsonl"), "w") as f:
        for e in epochs:
            f.write(json.dumps({"epoch": e["epoch"], "step": e["step"], "train/loss": e["train_loss"], "train/acc": e["train_acc"],
                                "val/loss": e["val_loss"], "val/acc": e["val_acc"]}) + "\n")


def reference(epochs):
    """Numbers a reader checks by eye, computed from the raw values (0-based epochs, as history.csv numbers them)."""
    val = [e["val_loss"] for e in epochs]
    finite = [(v, i) for i, v in enumerate(val) if math.isfinite(v)]
    first_bad = next((e["epoch"] for e in epochs
                      if not all(math.isfinite(e[k]) for k in ("train_loss", "val_loss", "train_acc", "val_acc"))), None)
    best = min(finite)[1] if finite else None
    # The first epoch whose training loss is ten times the lowest one before it.
    explosion, low = None, math.inf
    for e in epochs:
        v = e["train_loss"]
        if explosion is None and math.isfinite(v) and v >= 10 * low:
            explosion = e["epoch"]
        if math.isfinite(v):
            low = min(low, v)
    return {"epochs": len(epochs), "bestValLossEpoch": best, "firstNonFiniteEpoch": first_bad, "firstExplosionEpoch": explosion,
            "finalTrainAcc": round(epochs[-1]["train_acc"], 4), "finalValAcc": round(epochs[-1]["val_acc"], 4)}


def adam(lr, wd=0.0):
    return lambda p: torch.optim.AdamW(p, lr=lr, weight_decay=wd) if wd else torch.optim.Adam(p, lr=lr)


def sgd(lr, momentum=0.0):
    return lambda p: torch.optim.SGD(p, lr=lr, momentum=momentum)


# Each run: how it was trained, what it was built to show ("expect": rules that must fire, with the
# epoch where the problem starts when there is one), and rules that may fire without being wrong ("allow").
RUNS = {
    "overfit": dict(
        model=lambda: mlp(512), optimizer=adam(3e-3), train_size=150, epochs=60,
        about="no regularisation, 150 training images, a wide MLP: validation loss turns up early",
        expect={"overfitting": "bestValLoss+1"}, allow=["earlyStopping", "generalizationGap"]),
    "overfit-noisy-labels": dict(
        model=lambda: mlp(512), optimizer=adam(1e-3), train_size=500, label_noise=0.2, epochs=60,
        about="500 training images, a fifth of them with random labels: memorising them drives validation loss up for 40 epochs",
        expect={"overfitting": "bestValLoss+1"}, allow=["earlyStopping", "generalizationGap"]),
    "regularised": dict(
        model=lambda: mlp(512, dropout=0.5), optimizer=adam(1e-3, wd=0.05), train_size=300, epochs=60,
        about="a wide MLP on 300 images with dropout 0.5 and weight decay: validation loss flattens instead of rising",
        expect={}, allow=["earlyStopping", "plateau"]),
    "healthy": dict(
        model=lambda: mlp(128, dropout=0.2), optimizer=adam(1e-3, wd=0.01), epochs=30,
        about="all 1257 training images, a modest MLP with a little dropout: both curves fall and settle",
        expect={}, allow=["earlyStopping", "plateau"]),
    "high-lr": dict(
        model=lambda: mlp(256), optimizer=sgd(0.3, momentum=0.9), epochs=30,
        about="SGD with momentum at a learning rate too high: the loss jumps about, then climbs back up",
        expect={"divergence": None},
        allow=["lossSpike", "oscillation", "earlyStopping", "plateau", "underfitting"]),
    "spiky": dict(
        model=lambda: mlp(256), optimizer=adam(0.02), epochs=30,
        about="Adam at 20 times its default learning rate: a few evaluations jump to several times the level around them",
        expect={"lossSpike": None},
        allow=["oscillation", "earlyStopping", "plateau", "overfitting", "generalizationGap"]),
    "oscillating": dict(
        model=lambda: mlp(256), optimizer=adam(0.05), epochs=30,
        about="Adam at a learning rate 50 times its default: validation loss see-saws without settling",
        expect={"oscillation": None},
        allow=["lossSpike", "earlyStopping", "plateau", "overfitting", "generalizationGap", "divergence"]),
    "explode": dict(
        model=lambda: mlp(256, depth=3), optimizer=sgd(0.05, momentum=0.9), epochs=20,
        scheduler=lambda o: torch.optim.lr_scheduler.LambdaLR(o, lambda e: 1.5 ** e),
        about="a learning rate growing 1.5-fold per epoch: the training loss explodes by 20 orders of magnitude",
        expect={"divergence": "firstExplosion"},
        allow=["lossSpike", "oscillation", "chanceLevel", "underfitting", "earlyStopping", "plateau"]),
    "nan": dict(
        model=lambda: mlp(256, depth=3), optimizer=sgd(0.05), epochs=20,
        scheduler=lambda o: torch.optim.lr_scheduler.LambdaLR(o, lambda e: 1.4 ** e),
        about="a learning rate growing 1.4-fold per epoch: the loss climbs back up, then turns NaN",
        expect={"nonFinite": "firstNonFinite"},
        allow=["divergence", "lossSpike", "oscillation", "chanceLevel", "underfitting", "earlyStopping", "plateau"]),
    "underfit-small": dict(
        model=lambda: mlp(2, depth=1), optimizer=adam(1e-3), epochs=40,
        about="two hidden units: the model cannot fit even its training set",
        expect={"underfitting": None}, allow=["plateau"]),
    "underfit-short": dict(
        model=lambda: mlp(64), optimizer=sgd(0.01), epochs=8,
        about="a small learning rate and only 8 epochs: both losses are still falling when training stops",
        expect={"underfitting": None}, allow=[]),
    "plateau": dict(
        model=lambda: mlp(64), optimizer=adam(1e-3), epochs=40,
        scheduler=lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=6, gamma=0.01),
        about="the learning rate cut 100-fold every 6 epochs: training goes on for 30 epochs without improving",
        expect={"plateau": None}, allow=["earlyStopping"]),
    "stuck": dict(
        model=lambda: mlp(64, depth=6, activation=nn.Sigmoid), optimizer=sgd(0.01), epochs=30,
        about="a deep sigmoid MLP with plain SGD: the loss stays at ln(10) and accuracy at chance",
        expect={"underfitting": None, "chanceLevel": None}, allow=["plateau", "earlyStopping"]),
    "leaky": dict(
        model=lambda: mlp(256), optimizer=adam(1e-3), epochs=40, leak=True,
        about="validation images drawn from the training set: validation is as good as training throughout",
        expect={"suspiciousValidation": None}, allow=["earlyStopping", "plateau"]),
    "swapped": dict(
        model=lambda: mlp(512), optimizer=adam(1e-3), train_size=300, epochs=40, swap=True,
        about="a wide MLP on 300 images with train and validation columns swapped by a logging bug",
        expect={"suspiciousValidation": None}, allow=["earlyStopping", "plateau", "divergence"]),
}


def main():
    os.makedirs(OUT, exist_ok=True)
    manifest = {}
    for name, spec in RUNS.items():
        epochs = train(spec)
        write_run(name, epochs, swapped=spec.get("swap", False))
        ref = reference(epochs)
        expect = {}
        for rule, where in spec["expect"].items():
            epoch = None
            if where == "bestValLoss+1":
                epoch = ref["bestValLossEpoch"] + 1
            elif where == "firstNonFinite":
                epoch = ref["firstNonFiniteEpoch"]
            elif where == "firstExplosion":
                epoch = ref["firstExplosionEpoch"]
            expect[rule] = {"epoch": epoch}
        manifest[name] = {"about": spec["about"], "expect": expect, "allow": spec["allow"], "reference": ref}
        print(f"{name:15s} {ref}")
    with open(os.path.join(OUT, "runs.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    main()
