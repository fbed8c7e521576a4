"""Frameworks are data: the shipped files load with the right shape; bad files are refused clearly."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from inspector_app.domain.enums import Grade, InspectionKind, OverallRule
from inspector_app.frameworks import FrameworkError, load_registry
from inspector_app.frameworks.loader import load_framework_file

BUILTIN = Path(__file__).resolve().parents[1] / "resources" / "frameworks"
GOOD_MINIMAL = """
format = 1
id = "custom"
version = "2027"
name = "A custom framework"
short_name = "Custom 2027"
in_force_from = 2027-01-01
graded = true
kinds = ["ilacs_standard"]
[overall]
rule = "soft"
[[areas]]
key = "practice"
name = "Quality of practice"
  [[areas.descriptors]]
  key = "p.g1"
  grade = "good"
  text = "Practice is good."
"""


def test_every_required_framework_ships(registry):
    assert {"sif@2013", "ilacs@2018", "ilacs@2023", "ilacs@2026", "focused_visit@2018",
            "monitoring_visit@2018"} <= set(registry.frameworks)


def test_sif_has_three_key_judgements_two_subjudgements_lscb_and_a_hard_rule(registry):
    sif = registry.get("sif", "2013")
    assert sif.overall_rule is OverallRule.HARD
    assert [a.key for a in sif.key_areas] == ["help_protection", "looked_after", "leadership"]
    assert [a.key for a in sif.sub_judgements("looked_after")] == ["adoption", "care_leavers"]
    lscb = sif.area("lscb")
    assert not lscb.key_judgement and not lscb.in_overall


@pytest.mark.parametrize(
    ("version", "areas", "rule"),
    [
        ("2018", ["leaders", "help_protection", "children_in_care"], OverallRule.SOFT),
        ("2023", ["leaders", "help_protection", "children_in_care", "care_leavers"], OverallRule.SOFT),
        ("2026", ["leaders", "help_protection", "children_in_care", "care_leavers"], OverallRule.NONE),
    ],
)
def test_ilacs_versions_table_order_and_rule(registry, version, areas, rule):
    framework = registry.get("ilacs", version)
    assert [a.key for a in framework.areas] == areas
    assert framework.overall_rule is rule
    assert framework.has_overall is (rule is not OverallRule.NONE)


def test_ilacs_report_order_puts_leaders_last(registry):
    framework = registry.get("ilacs", "2023")
    assert [a.key for a in framework.areas_in_report_order] == [
        "help_protection", "children_in_care", "care_leavers", "leaders"]


def test_ilacs_2026_carries_national_framework_references(registry):
    framework = registry.get("ilacs", "2026")
    refs = [n.ref for n in framework.national_framework]
    assert "outcome 1" in refs and "enabler 2" in refs
    assert framework.national_item("outcome 3").title


def test_graded_frameworks_have_descriptors_for_every_grade(registry):
    for framework in registry.all():
        for area in framework.areas:
            if framework.graded:
                assert {d.grade for d in area.descriptors} == set(Grade), (framework.uid, area.key)
            else:
                assert all(d.grade is None for d in area.descriptors)


def test_visits_are_ungraded(registry):
    for uid in ("focused_visit@2018", "monitoring_visit@2018"):
        framework = registry.by_uid(uid)
        assert not framework.graded and not framework.has_overall


def test_for_kind_prefers_the_framework_in_force(registry):
    chosen = registry.for_kind(InspectionKind.ILACS_STANDARD, on=date(2024, 5, 1))
    assert chosen[0].uid == "ilacs@2023"
    chosen = registry.for_kind(InspectionKind.ILACS_STANDARD, on=date(2026, 11, 1))
    assert chosen[0].uid == "ilacs@2026"


def test_user_framework_file_is_loaded_beside_the_builtin_ones(tmp_path):
    (tmp_path / "custom.toml").write_text(GOOD_MINIMAL)
    registry = load_registry(tmp_path)
    assert not registry.errors
    assert registry.get("custom", "2027").area("practice").name == "Quality of practice"
    assert "ilacs@2023" in registry.frameworks


def test_default_user_folder_is_in_the_data_dir(_isolated_data_dir):
    folder = _isolated_data_dir / "frameworks"
    folder.mkdir()
    (folder / "custom.toml").write_text(GOOD_MINIMAL)
    assert "custom@2027" in load_registry().frameworks


@pytest.mark.parametrize(
    ("mutation", "field", "problem"),
    [
        (lambda t: t.replace('grade = "good"', 'grade = "great"'), "areas[0].descriptors[0].grade", "great"),
        (lambda t: t.replace('name = "A custom framework"\n', ""), "(top level)", "required field missing: name"),
        (lambda t: t.replace('rule = "soft"', 'rule = "sometimes"'), "overall.rule", "sometimes"),
        (lambda t: t.replace("in_force_from = 2027-01-01", 'in_force_from = "soon"'), "in_force_from", "date"),
        (lambda t: t.replace('  grade = "good"\n', ""), "areas[0].descriptors[0].grade", "needs a grade"),
        (lambda t: t + '[[areas]]\nkey = "practice"\nname = "Again"\n  [[areas.descriptors]]\n  key = "x.1"\n'
                      '  grade = "good"\n  text = "x"\n', "areas[1].key", "appears twice"),
        (lambda t: t.replace('key = "practice"', 'key = "practice"\nparent = "nowhere"'), "areas[0].parent", "nowhere"),
        (lambda t: t.replace('kinds = ["ilacs_standard"]', 'kinds = ["school"]'), "kinds[0]", "school"),
    ],
)
def test_malformed_file_is_refused_naming_file_field_and_problem(tmp_path, mutation, field, problem):
    path = tmp_path / "broken.toml"
    path.write_text(mutation(GOOD_MINIMAL))
    with pytest.raises(FrameworkError) as info:
        load_framework_file(path)
    assert info.value.field_path == field
    assert problem in info.value.problem
    assert str(info.value).startswith("broken.toml: ")


def test_invalid_toml_names_the_file_and_line(tmp_path):
    path = tmp_path / "syntax.toml"
    path.write_text('id = "x"\nname = \n')
    with pytest.raises(FrameworkError, match=r"syntax\.toml: is not valid TOML .*line 2"):
        load_framework_file(path)


def test_a_bad_file_does_not_stop_the_others(tmp_path):
    (tmp_path / "bad.toml").write_text("this is not toml = = =")
    (tmp_path / "good.toml").write_text(GOOD_MINIMAL)
    registry = load_registry(tmp_path)
    assert [e.path.name for e in registry.errors] == ["bad.toml"]
    assert "custom@2027" in registry.frameworks and "sif@2013" in registry.frameworks


def test_a_file_redefining_a_builtin_framework_is_refused(tmp_path):
    text = GOOD_MINIMAL.replace('id = "custom"', 'id = "ilacs"').replace('version = "2027"', 'version = "2023"')
    (tmp_path / "clash.toml").write_text(text)
    registry = load_registry(tmp_path)
    assert len(registry.errors) == 1
    assert "ilacs@2023 is already defined by ilacs-2023.toml" in str(registry.errors[0])
    assert registry.get("ilacs", "2023").source.name == "ilacs-2023.toml"


def test_ungraded_framework_cannot_declare_an_overall_rule(tmp_path):
    text = GOOD_MINIMAL.replace("graded = true", "graded = false").replace('  grade = "good"\n', "")
    path = tmp_path / "ungraded.toml"
    path.write_text(text)
    with pytest.raises(FrameworkError, match=r"overall\.rule"):
        load_framework_file(path)


def test_unknown_framework_lookup_says_what_is_known(registry):
    with pytest.raises(KeyError, match=r"known: .*ilacs@2023"):
        registry.get("ilacs", "1999")
