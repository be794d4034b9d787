"""Other GIS read our project files: GDAL's ogrinfo and QGIS open every layer."""

from __future__ import annotations

import json
import shutil
import subprocess
import textwrap

from layers.schema import LAYERS
from tests.conftest import require_tool

SYSTEM_PYTHON = "/usr/bin/python3"  # Debian's python3-qgis lives there, outside our environment


def _project_file(make_project, tmp_path):
    make_project().close()
    return tmp_path / "station.gpkg"


def test_ogrinfo_lists_and_reads_every_layer(make_project, tmp_path):
    require_tool(shutil.which("ogrinfo") is not None, "ogrinfo (gdal-bin)")
    path = _project_file(make_project, tmp_path)
    listing = subprocess.run(["ogrinfo", "-ro", "-q", str(path)], capture_output=True, text=True, check=True).stdout
    for layer in LAYERS:
        assert f": {layer} (" in listing, listing
    full = subprocess.run(["ogrinfo", "-ro", "-al", str(path)], capture_output=True, text=True)
    assert full.returncode == 0 and "ERROR" not in full.stderr, full.stderr
    assert "犁铧嘴村一组" in full.stdout  # Chinese text survives
    assert "domain name=wangge_grade" in full.stdout  # vocabularies are field domains


def _qgis_available() -> bool:
    if not shutil.which(SYSTEM_PYTHON):
        return False
    return subprocess.run([SYSTEM_PYTHON, "-c", "import qgis.core"], capture_output=True).returncode == 0


def test_qgis_opens_every_layer(make_project, tmp_path):
    require_tool(_qgis_available(), "QGIS Python bindings (python3-qgis)")
    path = _project_file(make_project, tmp_path)
    script = textwrap.dedent(
        """
        import json, sys
        from qgis.core import QgsApplication, QgsVectorLayer
        app = QgsApplication([], False)
        app.initQgis()
        report = {}
        for name in sys.argv[2:]:
            layer = QgsVectorLayer(f"{sys.argv[1]}|layername={name}", name, "ogr")
            report[name] = [layer.isValid(), sum(1 for _ in layer.getFeatures()), layer.crs().authid()]
        print(json.dumps(report))
        """
    )
    result = subprocess.run(
        [SYSTEM_PYTHON, "-c", script, str(path), *LAYERS],
        capture_output=True,
        text=True,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    for layer, schema in LAYERS.items():
        valid, count, crs = report[layer]
        assert valid and count >= 1, (layer, report[layer])
        assert crs == ("EPSG:4490" if schema.is_spatial else ""), (layer, crs)
