"""Draws media/icon.png (128x128): a lens over a falling training curve and a validation curve that turns up.
Run once with Debian's python3 (PIL); the PNG is committed."""
import math
from PIL import Image, ImageDraw

S = 4  # supersample
W = 128 * S
img = Image.new("RGBA", (W, W), (0, 0, 0, 0))
d = ImageDraw.Draw(img)
d.rounded_rectangle([0, 0, W - 1, W - 1], radius=24 * S, fill=(24, 32, 48, 255))

def curve(f, color, width, dash=None):
    pts = [(int((14 + t) * S), int(f(t) * S)) for t in range(0, 101)]
    if dash:
        for i in range(0, len(pts) - 1, dash * 2):
            d.line(pts[i:i + dash + 1], fill=color, width=width * S, joint="curve")
    else:
        d.line(pts, fill=color, width=width * S, joint="curve")

curve(lambda t: 24 + 76 * (1 - math.exp(-t / 22)), (55, 148, 255, 255), 6)
curve(lambda t: 26 + 62 * (1 - math.exp(-t / 18)) - 0.006 * max(0, t - 40) ** 2, (240, 160, 50, 255), 5, dash=6)
# The lens, over the turn of the validation curve.
cx, cy, r = 84 * S, 62 * S, 20 * S
d.ellipse([cx - r, cy - r, cx + r, cy + r], outline=(235, 240, 250, 255), width=6 * S)
d.line([cx + int(r * 0.72), cy + int(r * 0.72), cx + int(r * 1.55), cy + int(r * 1.55)], fill=(235, 240, 250, 255), width=9 * S)
img.resize((128, 128), Image.LANCZOS).save("media/icon.png")
