"""Reading input: bad files get one clear line naming them."""

import pytest

from kg.documents import Document, collect_paths, detect_language, find_date
from kg.errors import InputError


@pytest.mark.parametrize("content, fragment", [
    (b"", "the file is empty"),
    (b"   \n\t ", "the file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks binary"),
    (b"\xff\xfe\x00\x00" + "Nvidia".encode("utf-32-le"), "looks binary"),
    (b"...   ---  !!", "holds no words"),
])
def test_bad_files_raise_one_line_naming_the_file(tmp_path, content, fragment):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        Document.from_file(path)
    message = str(info.value)
    assert str(path) in message and fragment in message and "\n" not in message


def test_latin1_text_is_read(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("La puce H800 de Nvidia est bridée pour la Chine.".encode("latin-1"))
    assert "bridée" in Document.from_file(path).text


def test_missing_and_unreadable(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        collect_paths([tmp_path / "nope"])
    folder = tmp_path / "dir.txt"
    folder.mkdir()
    with pytest.raises(InputError, match="cannot be read"):
        Document.from_file(folder)


def test_folders_give_their_text_files_in_order(tmp_path):
    (tmp_path / "b.txt").write_text("b")
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "README.md").write_text("not an article")
    (tmp_path / ".hidden.txt").write_text("x")
    assert [p.name for p in collect_paths([tmp_path])] == ["a.txt", "b.txt"]


def test_metadata():
    doc = Document.from_text("Un titre\r\nDate : 2025-01-27\r\n\r\nLe texte.", source="x")
    assert (doc.title, doc.date, doc.language) == ("Un titre", "2025-01-27", "fr")
    assert "\r" not in doc.text
    assert find_date("17\nmar\n2024\nEspace Média") == "2024-03-17"
    assert find_date("rien ici") is None
    assert detect_language("Nvidia said the chips are sold to China by the company.") == "en"
    same = Document.from_text("Un titre\nDate : 2025-01-27\n\nLe texte.", source="y")
    assert same.iri == doc.iri  # the IRI follows the text, not the path
