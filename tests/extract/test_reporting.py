"""Reports versus mere mentions of an incident (``extract.reporting``), on sentences written for them."""

from __future__ import annotations

from rasid.extract.events import extract_events
from rasid.extract.reporting import reporting_cues
from rasid.records import Document, Event


def _events(text: str, *, language: str = "ar", use_model: bool = False) -> list[Event]:
    document = Document(id="t", text=text, language=language, published="2021-05-10")
    return extract_events(document, use_model=use_model)


def _types(events: list[Event]) -> list[str]:
    return [e.event_type for e in events]


# A long sentence whose main verb is about something else: the assassination is background.
BACKGROUND = (
    "وطالبت اللجنة الحقوقية في بيانها الصادر يوم الأحد الجهات المعنية بالكشف عن نتائج التحقيقات "
    "المتعلقة بملابسات اغتيال القاضي قبل ثلاثة أعوام وتقديم المسؤولين عنها إلى العدالة."
)


def test_reporting_a_long_sentence_that_only_mentions_an_incident_codes_nothing() -> None:
    assert "assassination" not in _types(_events(BACKGROUND))


def test_reporting_a_verb_trigger_reports() -> None:
    text = (
        "واغتال مسلحون مجهولون القاضي أمام منزله في الحي الشرقي من المدينة مساء الأحد بعد أن أطلقوا "
        "عليه عدة رصاصات من مسدس كاتم للصوت قبل أن يلوذوا بالفرار."
    )
    assert "assassination" in _types(_events(text))


def test_reporting_a_toll_makes_a_nominal_mention_a_report() -> None:
    text = (
        "وفي حادثة منفصلة شهدتها الضواحي الجنوبية للعاصمة الليلة الماضية بحسب مصادر طبية في "
        "المستشفى الحكومي، تفجير عبوة ناسفة قرب سوق شعبي مزدحم بالمتسوقين خلف ثلاثة قتلى."
    )
    events = _events(text)
    assert "explosive" in _types(events)


def test_reporting_a_place_the_gazetteer_knows_anchors_a_nominal_mention() -> None:
    text = (
        "وفي سياق التصعيد المستمر منذ مطلع الشهر الجاري على جبهات الشمال السوري بحسب ما أفاد "
        "به ناشطون محليون، قصف مدفعي عنيف على قرى وبلدات جبل الزاوية في ريف إدلب الجنوبي."
    )
    assert "shelling" in _types(_events(text))


def test_reporting_a_short_verbless_headline_reports() -> None:
    assert "airstrike" in _types(_events("غارة للتحالف الدولي على مستودع للذخيرة قرب الحدود أمس"))


def test_reporting_the_gate_leaves_english_and_non_violent_types_alone() -> None:
    english = (
        "The commission said on Sunday that it wanted the authorities to publish the findings of the "
        "investigations surrounding the assassination of the judge three years ago without delay."
    )
    # English nominal mentions are kept (the reference list already drops "investigation into").
    assert _events(english, language="en") is not None
    deployment = (
        "وعلى إثر ذلك، وبحسب ما نقلته مصادر محلية متطابقة من داخل المدينة وأطرافها الشمالية، "
        "تعزيزات عسكرية كبيرة للقوات الحكومية تضم دبابات وعربات مدرعة وعشرات العناصر."
    )
    assert "deployment" in _types(_events(deployment))


def test_reporting_a_later_mention_still_joins_the_event_told_before() -> None:
    text = (
        "قتل ثلاثة عناصر من قوات النظام بهجوم لخلايا تنظيم داعش على حاجز في بادية الميادين أمس. "
        "وقالت مصادر محلية لشبكتنا إن عناصر التنظيم انسحبوا بعد ساعة من بدء الهجوم باتجاه عمق "
        "البادية الجنوبية، دون أن تصدر أي تعليقات رسمية عن الجهات المسؤولة حول ما جرى هناك."
    )
    attacks = [e for e in _events(text) if e.event_type == "attack"]
    assert len(attacks) == 1
    assert attacks[0].fatalities is not None and attacks[0].fatalities.count == 3


def test_reporting_crowd_words_are_occurrence_words_too() -> None:
    cues = reporting_cues()
    assert cues.has_gathering("وتجمع المحتجون أمام المبنى", language="ar")
    assert cues.has_gathering("Hundreds gathered outside the ministry", language="en")
    # Every crowd word also says that something happened; not every occurrence word is a crowd's.
    assert cues.has_occurrence("وتجمع المحتجون أمام المبنى", language="ar")
    assert not cues.has_gathering("وأسفر الانفجار عن أضرار مادية", language="ar")
    assert cues.has_occurrence("وأسفر الانفجار عن أضرار مادية", language="ar")


def test_reporting_a_mention_after_since_or_the_file_of_refers_to_an_incident_told_elsewhere() -> None:
    # A place the gazetteer knows would anchor the mention; the word before it says it is background.
    since = "وفي أول زيارة لمسؤول أجنبي إلى دمشق منذ اغتيال الوزير قبل ثلاثة أعوام اجتمع المبعوث بالمسؤولين."
    assert "assassination" not in _types(_events(since))
    linked = "واعتقلت الشرطة ثلاثة رجال يشتبه في أن لهم صلة بالهجوم على الحاجز في ريف حمص الشمالي."
    assert "attack" not in _types(_events(linked))
    # Without the background word the same mention, anchored by its place, is a report.
    assert "assassination" in _types(_events("وجرى اغتيال الوزير في دمشق أمام منزله مساء الأحد."))


def test_reporting_a_toll_outweighs_the_background_word() -> None:
    text = "ومنذ الهجوم على القرية الذي أسفر عن مقتل أربعة مدنيين لم يعد إليها أحد من سكانها."
    assert _events(text), "a toll makes the mention a report"
