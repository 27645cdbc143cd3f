from hypothesis import given
from hypothesis import strategies as st

from rasid.text.clean import clean_text, is_boilerplate_line
from rasid.text.language import detect_language
from rasid.text.sentences import split_sentences


def test_split_sentences_arabic_and_english() -> None:
    text = "قتل عنصران في الميادين. وأصيب ثالث؟ نعم\nThe U.S. said 3.5 km away. Done!"
    sentences = [s.text for s in split_sentences(text)]
    assert sentences == [
        "قتل عنصران في الميادين.",
        "وأصيب ثالث؟",
        "نعم",
        "The U.S. said 3.5 km away.",
        "Done!",
    ]


@given(st.text(alphabet=st.sampled_from(list("ab ج.؟\n!")), max_size=80))
def test_split_sentences_spans_slice_back(text: str) -> None:
    for sentence in split_sentences(text):
        assert text[sentence.start : sentence.end] == sentence.text
        assert sentence.text == sentence.text.strip()


def test_clean_text_drops_plugin_boilerplate() -> None:
    raw = "This post is also available in: English\r\nهذا المنشور متوفر أيضاً بـ: English\nنص الخبر.\n"
    assert clean_text(raw) == "نص الخبر."
    assert is_boilerplate_line("This post is also available in: العربية")
    assert not is_boilerplate_line("The post was attacked in the night.")


def test_detect_language() -> None:
    assert detect_language("قتل عنصران من قوات النظام") == "ar"
    assert detect_language("Two soldiers were killed in the attack") == "en"
    assert detect_language("Zwei Soldaten wurden getötet, sagte ein Sprecher") == "other"
    assert detect_language("  ") == "und"
