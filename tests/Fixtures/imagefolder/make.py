#!/usr/bin/env python3
"""Builds the ImageFolder parity fixture: a tiny RGB image folder, a CNN trained on it the torchvision way, and
what PyTorch computes on its test split, for tests/Quantize.Format.Tests/Data/Images and
tests/Quantize.Torch.Tests/Data to check our decoding, preprocessing and scores against.

Made with Debian 12's packages (apt-get install python3-torch python3-torchvision python3-pil python3-numpy:
torch 1.13.1, torchvision 0.14.1, Pillow 9.4.0, NumPy 1.24.2):
    cd tests/Fixtures/imagefolder && rm -rf shapes && /usr/bin/python3 make.py
Writes:
  shapes/{train,test}/<class>/*   drawn shapes; PNG (RGB, gray, palette, RGBA), JPEG and BMP; some already 24x24 so
                                  that Resize leaves them alone; a .gif and a .txt torchvision skips; a nested folder
  model.onnx                      the trained CNN, input 'image' [N,3,24,24], output 'logits' [N,4]
  expected.npz                    'test': the test split as PyTorch feeds it (Resize((24,24)), ToTensor,
                                  Normalize(ImageNet)); 'gray': with Grayscale() first and Normalize([0.5],[0.5]);
                                  'predictions', 'labels'
  expected.json                   classes, test files in torchvision's order, labels, predictions, accuracy
  resize/source.png, resize.npz   PIL's Image.resize(BILINEAR) of one image to several sizes, and convert("L")
"""
import json
import os
import random

import numpy as np
import torch
import torch.nn as nn
from PIL import Image, ImageDraw
from torchvision import datasets, transforms

SEED = 13
random.seed(SEED)
np.random.seed(SEED)
torch.manual_seed(SEED)
torch.set_num_threads(1)

# Ordinal order differs from case-insensitive order here: 'Square' sorts first.
CLASSES = ["Square", "circle", "cross", "triangle"]
SIZE = 24
MEAN, STD = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]
rng = random.Random(SEED)


def draw(shape, width, height):
    background = tuple(rng.randrange(0, 120) for _ in range(3))
    colour = tuple(rng.randrange(120, 256) for _ in range(3))
    image = Image.new("RGB", (width, height), background)
    d = ImageDraw.Draw(image)
    s = rng.randrange(min(width, height) // 2, min(width, height) - 2)
    x, y = rng.randrange(0, width - s), rng.randrange(0, height - s)
    if shape == "Square":
        d.rectangle([x, y, x + s, y + s], fill=colour)
    elif shape == "circle":
        d.ellipse([x, y, x + s, y + s], fill=colour)
    elif shape == "cross":
        t = max(2, s // 4)
        d.rectangle([x + s // 2 - t // 2, y, x + s // 2 + t // 2, y + s], fill=colour)
        d.rectangle([x, y + s // 2 - t // 2, x + s, y + s // 2 + t // 2], fill=colour)
    else:
        d.polygon([(x + s // 2, y), (x, y + s), (x + s, y + s)], fill=colour)
    return image


def save(image, folder, stem, index):
    """Cycles through the forms a user's folder holds; index 0 keeps the size Resize asks for."""
    os.makedirs(folder, exist_ok=True)
    kind = index % 8
    if kind == 0:
        image.resize((SIZE, SIZE)).save(os.path.join(folder, f"{stem}.png"))
    elif kind == 1:
        image.save(os.path.join(folder, f"{stem}.jpg"), quality=90)
    elif kind == 2:
        image.save(os.path.join(folder, f"{stem}.bmp"))
    elif kind == 3:
        image.convert("L").save(os.path.join(folder, f"{stem}.png"))
    elif kind == 4:
        image.convert("P", palette=Image.ADAPTIVE, colors=16).save(os.path.join(folder, f"{stem}.png"))
    elif kind == 5:
        rgba = image.convert("RGBA")
        rgba.putalpha(200)
        rgba.save(os.path.join(folder, f"{stem}.PNG"))
    elif kind == 6:
        image.resize((SIZE, SIZE)).save(os.path.join(folder, f"{stem}.bmp"))
    else:
        image.save(os.path.join(folder, f"{stem}.png"))


def build(split, per_class):
    for c in CLASSES:
        for i in range(per_class):
            width, height = rng.choice([(24, 24), (32, 28), (40, 40), (20, 30)])
            folder = os.path.join("shapes", split, c, "more") if i == per_class - 1 else os.path.join("shapes", split, c)
            save(draw(c, width, height), folder, f"{c.lower()}_{i:02d}", i)
    # Files torchvision skips: GIF is not among its extensions, nor text.
    draw("circle", 24, 24).save(os.path.join("shapes", split, "circle", "skipped.gif"))
    with open(os.path.join("shapes", split, "cross", "notes.txt"), "w") as f:
        f.write("not an image\n")


build("train", 24)
build("test", 8)

transform = transforms.Compose([transforms.Resize((SIZE, SIZE)), transforms.ToTensor(), transforms.Normalize(MEAN, STD)])
train = datasets.ImageFolder("shapes/train", transform=transform)
test = datasets.ImageFolder("shapes/test", transform=transform)
assert train.classes == sorted(CLASSES), train.classes


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2))
        self.classifier = nn.Linear(16 * 6 * 6, len(CLASSES))

    def forward(self, x):
        return self.classifier(torch.flatten(self.features(x), 1))


model = Net()
optimiser = torch.optim.Adam(model.parameters(), lr=3e-3)
loader = torch.utils.data.DataLoader(train, batch_size=16, shuffle=True, generator=torch.Generator().manual_seed(SEED))
for epoch in range(40):
    for x, y in loader:
        optimiser.zero_grad()
        nn.functional.cross_entropy(model(x), y).backward()
        optimiser.step()
model.eval()

test_x = torch.stack([test[i][0] for i in range(len(test))])
test_y = torch.tensor(test.targets)
with torch.no_grad():
    predictions = model(test_x).argmax(1)
    train_predictions = model(torch.stack([train[i][0] for i in range(len(train))])).argmax(1)
accuracy = (predictions == test_y).float().mean().item()

torch.onnx.export(model, torch.zeros(1, 3, SIZE, SIZE), "model.onnx", input_names=["image"], output_names=["logits"],
                  dynamic_axes={"image": {0: "N"}, "logits": {0: "N"}}, opset_version=13)

gray_transform = transforms.Compose([transforms.Grayscale(), transforms.Resize((SIZE, SIZE)), transforms.ToTensor(),
                                     transforms.Normalize([0.5], [0.5])])
gray = datasets.ImageFolder("shapes/test", transform=gray_transform)
np.savez_compressed("expected.npz", test=test_x.numpy(), gray=torch.stack([gray[i][0] for i in range(len(gray))]).numpy(),
                    predictions=predictions.numpy().astype(np.int64), labels=test_y.numpy().astype(np.int64))
with open("expected.json", "w") as f:
    json.dump({
        "classes": test.classes,
        "files": [os.path.relpath(p, "shapes/test") for p, _ in test.samples],
        "labels": test.targets,
        "predictions": predictions.tolist(),
        "test_accuracy": accuracy,
        "train_accuracy": (train_predictions == torch.tensor(train.targets)).float().mean().item(),
        "train_count": len(train),
        "made_with": {"torch": torch.__version__, "torchvision": __import__("torchvision").__version__,
                      "pillow": Image.__version__, "numpy": np.__version__},
    }, f, indent=1)

# PIL's bilinear resize on an odd-sized noise image: shrinking (antialiased), enlarging, one axis at a time.
os.makedirs("resize", exist_ok=True)
source = Image.fromarray(np.random.RandomState(SEED).randint(0, 256, (23, 37, 3), dtype=np.uint8), "RGB")
source.save("resize/source.png")
cases = {}
for height, width in [(24, 24), (50, 61), (5, 8), (23, 10), (9, 37), (100, 3)]:
    cases[f"rgb_{height}x{width}"] = np.asarray(source.resize((width, height), Image.BILINEAR))
    cases[f"gray_{height}x{width}"] = np.asarray(source.convert("L").resize((width, height), Image.BILINEAR))
cases["gray"] = np.asarray(source.convert("L"))
np.savez_compressed("resize.npz", **cases)
print(f"test accuracy {accuracy:.4f} on {len(test)} images; train {len(train)} images")
