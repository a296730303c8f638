"""The wheel installs and runs outside the repository, with its configs, gazetteers and models."""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

import pytest

from pipeline import resources

ROOT = resources.checkout()
SAMPLE = ROOT / "corpora" / "samples" / "2023-germany-mems-sensors.pdf"


def test_every_package_of_pipeline_is_listed_for_the_wheel() -> None:
    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {str(p.parent.relative_to(ROOT)).replace(os.sep, ".") for p in (ROOT / "pipeline").rglob("__init__.py")}
    assert found <= listed


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv outside the repository with only the built wheel installed in it.

    Dependencies come from this interpreter's site-packages through a path file, so
    the test needs no network; the project itself is only in the wheel.
    """
    tmp = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps",
                    "-q", "-w", str(tmp / "dist"), str(ROOT)], check=True, capture_output=True)
    wheel = next((tmp / "dist").glob("tripreport-*.whl"))
    env_dir = tmp / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    env_python = env_dir / "bin" / "python"
    purelib = subprocess.run([str(env_python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                             check=True, capture_output=True, text=True).stdout.strip()
    # Dependencies only: the editable tripreport of this venv is a .pth hook, not processed from here.
    Path(purelib, "deps.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    # Without PYTHONPATH: pip would take the checkout's tripreport.egg-info for an installed copy.
    subprocess.run([sys.executable, "-m", "pip", "--python", str(env_python), "install", "--no-deps", "-q",
                    str(wheel)], check=True, capture_output=True, env=_outside_env())
    return env_dir


def _outside_env() -> dict[str, str]:
    """This process's environment without what points back into the checkout."""
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", resources.HOME_ENV)}


def _run(env_dir: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(env_dir / "bin" / "tripreport"), *args], input=stdin, text=True,
                          capture_output=True, env=_outside_env(), cwd=env_dir, timeout=300)


@pytest.mark.slow
def test_installed_wheel_uses_its_own_data(installed: Path) -> None:
    out = subprocess.run([str(installed / "bin" / "python"), "-c",
                          "import pipeline, pipeline.resources as r; print(pipeline.__file__); print(r.home())"],
                         capture_output=True, text=True, cwd=installed, env=_outside_env(),
                         check=True).stdout.split("\n")
    assert out[0].startswith(str(installed)) and out[1].startswith(str(installed))


@pytest.mark.slow
def test_installed_wheel_runs_ner_on_stdin(installed: Path) -> None:
    res = _run(installed, "ner", "-", stdin="經濟部工業局鄒宗勳科長赴日本千葉縣拜會東北經濟產業局。\n")
    assert res.returncode == 0, res.stderr
    labels = {e["label"] for e in json.loads(res.stdout)}
    assert {"ORG", "GPE"} <= labels


@pytest.mark.slow
def test_installed_wheel_extracts_a_sample(installed: Path) -> None:
    res = _run(installed, "extract", str(SAMPLE))
    assert res.returncode == 0, res.stderr
    doc = json.loads(res.stdout)
    assert doc["status"] == "ok" and doc["metadata"]["countries"] == ["德國"]
    assert doc["entities"] and doc["sectors"]
