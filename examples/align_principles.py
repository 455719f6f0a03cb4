"""Align China's three principles of AI global governance with the OECD and UNESCO sets."""

from __future__ import annotations

import aigovernance as ag


def main() -> None:
    china = ag.datasets.load()["principle-set:china-ai-global-governance-2024"]
    reference = ag.datasets.load("reference-principles")
    assert isinstance(china, ag.PrincipleSet)
    for other in ("principle-set:oecd-ai-principles", "principle-set:unesco-ai-ethics"):
        target = reference[other]
        assert isinstance(target, ag.PrincipleSet)
        print(ag.align(china, target))
        print()


if __name__ == "__main__":
    main()
