"""The pure reading layer: encodings, separators, headers, dates, levels. No database."""

from __future__ import annotations

import datetime as dt

import pytest

from sis.formats import (
    FormatError,
    decode,
    parse_birth_date,
    parse_date,
    parse_level,
    parse_sex,
    read_bytes,
    read_table,
    sniff_separator,
)

TODAY = dt.date(2026, 10, 1)


# --- encodings --------------------------------------------------------------------------------------


def test_it_reads_utf8():
    assert decode("nom\nÉloïse\n".encode()) == "nom\nÉloïse\n"


def test_it_drops_the_byte_order_mark_of_utf8_sig():
    table = read_bytes("code_permanent;prenom\nX1;Éloïse\n".encode("utf-8-sig"))
    assert table.headers == ["code_permanent", "prenom"]
    assert table.rows[0].values["prenom"] == "Éloïse"


def test_it_reads_windows_1252_accents():
    data = "nom;prenom\nBélanger;Éloïse\nCôté;Zoë\n".encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    table = read_bytes(data)
    assert [row.values["prenom"] for row in table.rows] == ["Éloïse", "Zoë"]
    assert table.rows[0].values["nom"] == "Bélanger"


def test_it_refuses_utf16_with_a_clear_french_message():
    with pytest.raises(FormatError, match="UTF-16"):
        decode("nom;prenom\nCôté;Zoë\n".encode("utf-16"))


def test_it_refuses_a_file_with_nul_bytes():
    with pytest.raises(FormatError, match="octets nuls"):
        decode(b"nom;prenom\n\x00\x01\x02binaire")


def test_it_refuses_utf16_without_byte_order_mark_because_of_its_nul_bytes():
    with pytest.raises(FormatError, match="octets nuls"):
        decode("nom;prenom\n".encode("utf-16-le"))


def test_it_refuses_an_excel_workbook():
    with pytest.raises(FormatError, match="Excel"):
        decode(b"PK\x03\x04\x14\x00\x06\x00")


def test_it_refuses_bytes_that_are_neither_utf8_nor_cp1252():
    with pytest.raises(FormatError, match="Encodage du fichier non reconnu"):
        decode(b"nom\n\x81\x8d\x8f\x90\x9d\n")


def test_it_refuses_binary_control_characters():
    with pytest.raises(FormatError, match="caractères de contrôle"):
        decode(b"nom\n\x1b\x07\x03\n")


# --- separators and table ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [("a;b;c", ";"), ("a,b,c", ","), ("nom, prénom;date", ";"), ("un_seul", ";"), ("a,b;c,d", ",")],
)
def test_it_sniffs_the_separator_from_the_header_line(header, expected):
    assert sniff_separator(header) == expected


def test_it_reads_a_comma_separated_file_with_quoted_commas():
    table = read_table('nom,prenom\n"Tremblay, fils",Jean\n')
    assert table.separator == ","
    assert table.rows[0].values == {"nom": "Tremblay, fils", "prenom": "Jean"}


def test_it_folds_headers_without_regard_to_case_accents_or_spacing():
    table = read_table(" Code Permanent ;NOM;Prénom;DATE_NAISSANCE;École\nX;a;b;c;d\n")
    assert table.headers == ["code_permanent", "nom", "prenom", "date_naissance", "ecole"]


def test_it_maps_aliases_given_by_the_caller():
    table = read_table(
        "CodePermanent;Date de naissance\nX;01/01/2015\n",
        {"codepermanent": "code_permanent", "datedenaissance": "date_naissance"},
    )
    assert table.headers == ["code_permanent", "date_naissance"]


def test_it_refuses_a_header_with_the_same_column_twice():
    with pytest.raises(FormatError, match="Colonnes en double") as caught:
        read_table("nom;Nom;prenom\na;b;c\n")
    assert caught.value.line == 1


@pytest.mark.parametrize("text", ["", "\n\n", "  \r\n"])
def test_it_refuses_an_empty_file(text):
    with pytest.raises(FormatError, match="vide"):
        read_table(text)


def test_it_numbers_rows_by_file_line_and_skips_blank_lines():
    table = read_table('nom;prenom\r\na;b\r\n\r\n;\r\n"c\r\nd";e\r\nf;g\r\n')
    assert [row.line for row in table.rows] == [2, 5, 7]
    assert table.rows[1].values["nom"] == "c\r\nd"


def test_it_flags_a_row_with_more_values_than_columns():
    table = read_table("nom;prenom\na;b;c\nd;e;\n")
    assert "3 valeurs" in table.rows[0].problem
    assert table.rows[1].problem == ""  # a trailing empty cell is harmless


def test_it_flags_a_row_with_fewer_values_than_columns():
    table = read_table("nom;prenom;sexe\na;b\n")
    assert "2 valeurs" in table.rows[0].problem


def test_it_keeps_formula_looking_cells_as_plain_text():
    table = read_table("nom;prenom\n=1+2;@SUM(A1)\n-Tremblay;+Jean\n")
    assert table.rows[0].values == {"nom": "=1+2", "prenom": "@SUM(A1)"}
    assert table.rows[1].values == {"nom": "-Tremblay", "prenom": "+Jean"}


# --- dates ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15/01/2011", dt.date(2011, 1, 15)),
        ("5/1/2011", dt.date(2011, 1, 5)),
        ("2011-01-15", dt.date(2011, 1, 15)),
        ("2011-01-15 00:00:00", dt.date(2011, 1, 15)),
        (" 29/02/2012 ", dt.date(2012, 2, 29)),
    ],
)
def test_it_reads_day_month_year_and_iso_dates(text, expected):
    assert parse_date(text) == expected


def test_it_refuses_an_impossible_date():
    with pytest.raises(ValueError, match="date impossible « 31/02/2015 »"):
        parse_date("31/02/2015")


@pytest.mark.parametrize("text", ["15-janv-2011", "2011/01/15", "15/01/11", "20110115", ""])
def test_it_refuses_an_unreadable_date(text):
    with pytest.raises(ValueError, match="date illisible"):
        parse_date(text)


def test_it_refuses_a_birth_date_in_the_future():
    with pytest.raises(ValueError, match="futur"):
        parse_birth_date("02/10/2026", TODAY)


@pytest.mark.parametrize("text", ["01/01/1990", "30/09/2000", "02/10/2023", "01/01/1900"])
def test_it_refuses_an_absurd_age(text):
    with pytest.raises(ValueError, match="invraisemblable"):
        parse_birth_date(text, TODAY)


@pytest.mark.parametrize("text", ["01/10/2023", "01/10/2001", "2015-06-30"])
def test_it_accepts_ages_from_3_to_25(text):
    assert parse_birth_date(text, TODAY) == parse_date(text)


# --- levels and sex ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("P1", "P1"),
        ("p1", "P1"),
        ("1", "P1"),
        ("1re année", "P1"),
        ("1ère année", "P1"),
        ("2e année", "P2"),
        ("6e année du primaire", "P6"),
        ("Primaire 4", "P4"),
        ("S3", "S3"),
        ("Sec 3", "S3"),
        ("sec. 5", "S5"),
        ("secondaire 3", "S3"),
        ("Secondaire III", "S3"),
        ("Sec IV", "S4"),
        ("1re secondaire", "S1"),
        ("M5", "M5"),
        ("maternelle 5 ans", "M5"),
        ("Maternelle 4 ans", "M4"),
        ("prématernelle", "M4"),
        ("5 ans", "M5"),
    ],
)
def test_it_maps_how_exports_write_grade_levels(text, expected):
    assert parse_level(text) == expected


@pytest.mark.parametrize("text", ["", "7", "P7", "S6", "Sec 0", "maternelle", "M3", "cégep", "1re cycle"])
def test_it_refuses_unknown_or_ambiguous_grade_levels(text):
    assert parse_level(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("F", "F"),
        ("f", "F"),
        ("Féminin", "F"),
        ("M", "M"),
        ("masculin", "M"),
        ("X", "X"),
        ("Non précisé", "X"),
    ],
)
def test_it_maps_sex_values(text, expected):
    assert parse_sex(text) == expected


@pytest.mark.parametrize("text", ["", "H", "Femme?", "2"])
def test_it_refuses_unknown_sex_values(text):
    assert parse_sex(text) is None
