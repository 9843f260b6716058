"""The synthetic, calibrated Qinghai demo dataset (see docs/demo-calibration.md)."""

from waimao.demo.build import NOTE, build_demo, build_files

__all__ = ["NOTE", "build_demo", "build_files"]
