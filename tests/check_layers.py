#!/usr/bin/python3
"""The layers of sim/ only point down: a file includes files of its own layer or below.

    units  <  rng, os  <  params  <  core  <  modules  <  interventions  <  model, output
           <  run  <  cli

Core knows no module, a behaviour or disease module (sim/modules) knows no service
(sim/interventions), and only the assembly (sim/model) knows every service. Prints each
include that points up and exits 1 if there is any.

usage: check_layers.py SIM_DIR
"""
import re
import sys
from pathlib import Path

LAYER = {"units": 0, "rng": 1, "os": 1, "params": 2, "core": 3, "modules": 4, "interventions": 5,
         "model": 6, "output": 6, "run": 7, "cli": 8}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([a-z_]+)/[^"]+"', re.M)


def main(sim):
    upward = []
    for path in sorted(sim.rglob("*.[ch]pp")):
        layer = path.relative_to(sim).parts[0]
        if layer not in LAYER:
            sys.exit(f"check_layers: {path} lies in no known layer; add '{layer}' to LAYER")
        for target in INCLUDE.findall(path.read_text()):
            if target not in LAYER:
                continue  # generated headers (version.hpp) and system headers
            if LAYER[target] > LAYER[layer]:
                upward.append(f"{path.relative_to(sim)} ({layer}) includes {target}/")
    for line in upward:
        print("points up:", line)
    if upward:
        sys.exit(1)
    print(f"layers point down: {sum(1 for _ in sim.rglob('*.[ch]pp'))} files checked")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
