"""The last check before an anonymised document is written: no case reference, no initials, no names.

Builders already write children as "Child A", "Child B"; free text typed by inspectors may still
hold a case reference, a child's initials or (when the authority is not to be named) the council's
name. The guard rewrites every text of the finished document model, then reads it back and refuses
to write if anything identifying is left. Its message names no child and quotes nothing.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass

from inspector_app.reports import document as d
from inspector_app.services.dto import CaseInfo
from inspector_app.services.pseudonyms import Pseudonymiser


class LeakFound(Exception):
    """Something identifying survived anonymising; the document must not be written."""


@dataclass(frozen=True)
class LeakGuard:
    cases: tuple[CaseInfo, ...]
    hidden_names: tuple[str, ...] = ()  # e.g. the authority, when it is not to be named
    stand_in: str = "the local authority"

    def _patterns(self) -> list[tuple[re.Pattern[str], str]]:
        names = Pseudonymiser(self.cases)
        found: list[tuple[re.Pattern[str], str]] = []
        for case in sorted(self.cases, key=lambda c: -len(c.reference or "")):
            pseudonym = names.name(case.id) or "a child"
            if case.reference:
                found.append((re.compile(rf"(?<![\w-]){re.escape(case.reference)}(?![\w-])", re.IGNORECASE),
                              pseudonym))
            initials = (case.initials or "").strip()
            if len(initials.replace(".", "")) >= 2:
                dotted = r"\.?".join(re.escape(ch) for ch in initials.replace(".", ""))
                found.append((re.compile(rf"(?<![\w.]){dotted}\.?(?![\w])"), pseudonym))
        for name in sorted({n.strip() for n in self.hidden_names if n and n.strip()}, key=len, reverse=True):
            found.append((re.compile(rf"(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE), self.stand_in))
        return found

    def clean(self, text: str) -> str:
        for pattern, replacement in self._patterns():
            text = pattern.sub(replacement, text)
        return text

    def leaks(self, text: str) -> int:
        return sum(len(pattern.findall(text)) for pattern, _ in self._patterns())

    def apply(self, document: d.Document) -> d.Document:
        """A copy of the document with every text cleaned; raises LeakFound if anything survives."""
        cleaned = dataclasses.replace(document, title=self.clean(document.title),
                                      subject=self.clean(document.subject), author=self.clean(document.author),
                                      running_dates=self.clean(document.running_dates),
                                      blocks=[self._block(b) for b in document.blocks])
        left = self.leaks("\n".join([cleaned.title, cleaned.subject, cleaned.author, cleaned.running_dates,
                                     d.plain_text(cleaned), *_notes(cleaned.blocks)]))
        if left:
            raise LeakFound(f"{left} case-identifying detail{'s' if left != 1 else ''} could not be removed; "
                            "nothing was written. Edit the evidence text and export again.")
        return cleaned

    def _block(self, block: d.Block) -> d.Block:
        c = self.clean
        if isinstance(block, d.Title | d.Heading | d.Numbered):
            return dataclasses.replace(block, text=c(block.text), notes=tuple(map(c, block.notes)))
        if isinstance(block, d.Para):
            return dataclasses.replace(block, text=c(block.text), label=c(block.label) if block.label else None,
                                       footnotes=tuple(map(c, block.footnotes)), notes=tuple(map(c, block.notes)))
        if isinstance(block, d.Bullets):
            return dataclasses.replace(block, items=tuple(dataclasses.replace(
                i, text=c(i.text), xref=c(i.xref) if i.xref else None, notes=tuple(map(c, i.notes)))
                for i in block.items))
        if isinstance(block, d.Table):
            return dataclasses.replace(block, header=tuple(map(c, block.header)), rows=tuple(
                dataclasses.replace(r, cells=tuple(map(c, r.cells))) for r in block.rows),
                caption=c(block.caption) if block.caption else None)
        if isinstance(block, d.GradeBox):
            return dataclasses.replace(block, headline=c(block.headline), text=c(block.text))
        if isinstance(block, d.LetterBlock):
            return dataclasses.replace(block, lines=tuple(map(c, block.lines)))
        return block


def _notes(blocks: Iterable[d.Block]) -> list[str]:
    out: list[str] = []
    for block in blocks:
        out += list(getattr(block, "notes", ()))
        if isinstance(block, d.Bullets):
            out += [n for item in block.items for n in item.notes]
    return out
