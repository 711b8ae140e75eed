#!/usr/bin/python3
"""The PyTorch side of `workbench bench`: the same network, batch and thread count, timed the same way.

Builds the workbench's ConvNet (the coarse-pruning paper's network at a width) or a CIFAR ResNet (depth 6n+2)
in plain PyTorch, runs WARMUP training steps (SGD, momentum 0.9, weight decay 1e-4, cross-entropy) on DEVICE,
then times STEPS steps (waiting for a GPU to finish before reading the clock) and prints {"seconds": ...} as
JSON. Run it with the Python whose libtorch the workbench binds: Debian's /usr/bin/python3 (python3-torch)
here, the PyTorch install's python3 on a GPU machine whose libtorch the shim was built against.
"""
import argparse, json, time
import torch
import torch.nn as nn
import torch.nn.functional as F


def convnet(in_ch, size, width, classes=10):
    ch = [max(1, round(c * width)) for c in (128, 128, 128, 128, 256, 256)]
    hidden = max(1, round(256 * width))
    layers, prev = [], in_ch
    for i, c in enumerate(ch):
        layers += [nn.Conv2d(prev, c, 3, padding=1), nn.BatchNorm2d(c), nn.ReLU()]
        if i in (1, 3):
            layers.append(nn.MaxPool2d(2))
        prev = c
    side = size // 4
    return nn.Sequential(nn.Sequential(*layers), nn.Flatten(), nn.Linear(prev * side * side, hidden), nn.ReLU(), nn.Linear(hidden, classes))


class Block(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.pad = (cout - cin) // 2 if (stride != 1 or cin != cout) else None

    def forward(self, x):
        out = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        short = x if self.pad is None else F.pad(x[:, :, ::2, ::2], (0, 0, 0, 0, self.pad, self.pad))
        return F.relu(out + short)


class ResNet(nn.Module):
    def __init__(self, depth, in_ch, classes=10):
        super().__init__()
        n = (depth - 2) // 6
        self.conv1 = nn.Conv2d(in_ch, 16, 3, 1, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(16)
        blocks, cin = [], 16
        for stage, w in enumerate((16, 32, 64)):
            for b in range(n):
                blocks.append(Block(cin, w, 2 if stage > 0 and b == 0 else 1))
                cin = w
        self.blocks = nn.Sequential(*blocks)
        self.linear = nn.Linear(64, classes)

    def forward(self, x):
        x = self.blocks(F.relu(self.bn1(self.conv1(x))))
        return self.linear(F.adaptive_avg_pool2d(x, 1).flatten(1))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", choices=["convnet", "resnet"], required=True)
    p.add_argument("--depth", type=int, default=20)
    p.add_argument("--width", type=float, default=1.0)
    p.add_argument("--channels", type=int, default=3)
    p.add_argument("--size", type=int, default=32)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--threads", type=int, required=True)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--steps", type=int, default=5)
    p.add_argument("--device", default="cpu")
    a = p.parse_args()
    device = torch.device(a.device)
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    net = convnet(a.channels, a.size, a.width) if a.model == "convnet" else ResNet(a.depth, a.channels)
    net.to(device).train()
    opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9, weight_decay=1e-4)
    x = torch.randn(a.batch, a.channels, a.size, a.size).to(device)
    y = torch.randint(0, 10, (a.batch,)).to(device)

    def wait():
        if device.type == "cuda":
            torch.cuda.synchronize(device)

    def step():
        opt.zero_grad(set_to_none=True)
        F.cross_entropy(net(x), y).backward()
        opt.step()

    for _ in range(a.warmup):
        step()
    wait()
    start = time.perf_counter()
    for _ in range(a.steps):
        step()
    wait()
    print(json.dumps({"seconds": time.perf_counter() - start, "steps": a.steps, "torch": torch.__version__, "threads": torch.get_num_threads(), "device": str(device),
                      "parameters": sum(p.numel() for p in net.parameters())}))


if __name__ == "__main__":
    main()
