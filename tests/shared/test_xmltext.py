from generator.shared.xmltext import clean


def test_clean_drops_what_xml_cannot_hold_and_keeps_line_breaks():
    assert clean("第一行\n\t第二行\x00\x07\x0b\ufffe") == "第一行\n\t第二行"
    assert clean("\ud800孤立代理") == "孤立代理"


def test_clean_of_none_and_numbers():
    assert clean(None) == ""
    assert clean(72.5) == "72.5"
