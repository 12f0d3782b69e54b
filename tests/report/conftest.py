from pathlib import Path

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini.yaml"
