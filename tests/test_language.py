"""Language identification (py3langid, its model shipped in the package) on news in seven
languages: finding 6 of issue 13 (Chinese, Japanese and Dutch were called English)."""

from __future__ import annotations

import json

import pytest

import tieup
from tieup.cli import main
from tieup.language import detect

NEWS = {
    "zh": "丰田汽车与宁德时代周二宣布，双方签署了一项长期电池供应协议，宁德时代将为丰田在北美生产的电动汽车"
          "供应电池。两家公司表示，合作还将扩展到电池回收领域。",
    "ja": "トヨタ自動車とパナソニックは火曜日、電気自動車向け電池の合弁会社を設立することで合意したと発表した。"
          "新会社は2027年に生産を開始する予定だという。",
    "nl": "Volkswagen en Rivian hebben dinsdag bekendgemaakt dat ze een joint venture opzetten voor de "
          "ontwikkeling van software voor elektrische auto's. Volkswagen investeert tot vijf miljard "
          "dollar in het Amerikaanse bedrijf, zo maakten de bedrijven bekend.",
    "de": "Volkswagen und Rivian gründen ein Gemeinschaftsunternehmen für Software und Elektronik. "
          "Der Wolfsburger Konzern will dafür bis zu fünf Milliarden Dollar investieren, teilten "
          "die Unternehmen am Dienstag mit.",
    "fr": "Renault et Nissan ont signé mardi un nouvel accord qui rééquilibre leurs participations "
          "croisées. Le constructeur français réduira sa part dans son partenaire japonais à 15 %, "
          "ont annoncé les deux groupes.",
    "es": "Ford y Volkswagen ampliaron su alianza para fabricar vehículos eléctricos en Europa, "
          "informaron el martes ambas compañías. El acuerdo incluye el uso de la plataforma MEB en "
          "una segunda furgoneta.",
    "en": "Ford and Volkswagen expanded their alliance to build electric vehicles in Europe, the two "
          "companies said on Tuesday. The deal includes a second van on the MEB platform.",
}


@pytest.mark.parametrize("code", sorted(NEWS))
def test_news_language_is_its_iso_code(code):
    assert detect(NEWS[code], tieup.Options().min_english) == code


def test_short_and_company_heavy_english_stays_english():
    opts = tieup.Options()
    assert detect("Toyota and Panasonic signed a deal.", opts.min_english) == "en"
    assert detect("BYD, CATL, SAIC and Geely: Q3 2026 EV sales up 40%.", opts.min_english) == "en"
    assert detect("Ford", opts.min_english) == "en"


def test_extract_skips_other_languages_naming_the_code(tmp_path, capsys):
    p = tmp_path / "world.jsonl"
    p.write_text("".join(json.dumps({"id": c, "text": t}, ensure_ascii=False) + "\n"
                         for c, t in NEWS.items()), encoding="utf-8")
    code = main(["extract", "--no-model", str(p)])
    out, err = capsys.readouterr()
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert [(d["id"], d["language"]) for d in lines] == [("en", "en")]
    for c in ("zh", "ja", "nl", "de", "fr", "es"):
        assert f"world.jsonl:{list(NEWS).index(c) + 1}: skipped (not English: {c})" in err
    assert "1 ok, 6 skipped, 0 failed" in err


def test_the_python_api_carries_the_code():
    assert tieup.extract(NEWS["nl"], options=tieup.Options(model=False)).language == "nl"
