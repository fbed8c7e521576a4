"""The ``inspector-app`` command: starts the window, or runs one task on a database.

Every failure a person can cause (a wrong path, a bad file, a rule the framework forbids) ends
in one plain line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from inspector_app.domain.wording import plural

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


class CliError(Exception):
    """A failure to report in one line."""


class _Version(argparse.Action):
    """``--version``, looked up only when asked for: the lookup (``importlib.metadata``, ≈20 ms) would
    otherwise hold up every start of the window."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        from inspector_app import __version__

        print(f"{parser.prog} {__version__}")  # on stdout, as argparse's own version action prints it
        parser.exit()


def _db_path(args: argparse.Namespace) -> Path:
    from inspector_app import paths

    return Path(args.db) if args.db else paths.default_database_path()


def _store_url(args: argparse.Namespace) -> str | None:
    """The --db value when it names a PostgreSQL store (postgresql://…) rather than a file."""
    from inspector_app.storage.locations import is_server_url  # not .engines: SQLAlchemy, before the window

    db = getattr(args, "db", None)
    return str(db) if is_server_url(db) else None


def _file_only(args: argparse.Namespace, message: str) -> None:
    """Refuse, in one line, a command that only means something for a database file."""
    if _store_url(args) is not None:
        raise CliError(message)


def _interactive() -> bool:
    return bool(sys.stdin and sys.stdin.isatty())


NO_ENCRYPTION_NOTE = ("--no-encryption: {path} is created UNENCRYPTED. Anyone who gets the file (a lost laptop, a "
                      "copied backup, a synced folder) can read every child's details in it. Encrypt it later with: "
                      "inspector-app passphrase --db {path}")


def _new_passphrase(args: argparse.Namespace, path: Path) -> str | None:
    """The passphrase for a database about to be created: asked twice at a terminal, with the strength rule.

    None only with ``--no-encryption`` (which says what that means). Without a terminal the
    passphrase must come from INSPECTOR_APP_PASSPHRASE; otherwise nothing is created.
    """
    import getpass

    from inspector_app.storage import cipher
    from inspector_app.storage.passphrase_rule import RULE, judge

    if getattr(args, "no_encryption", False):
        print(NO_ENCRYPTION_NOTE.format(path=path), file=sys.stderr)
        return None
    from_env = cipher.passphrase_from_env()
    if from_env is not None:
        return from_env  # open_database holds it to the strength rule
    if not _interactive():
        raise CliError(f"{path} does not exist and a new database needs a passphrase: run this in a terminal, "
                       f"set {cipher.PASSPHRASE_ENV}, or add --no-encryption to create it unencrypted. "
                       "Nothing was created.")
    print(f"Creating {path}. Everything in it is encrypted with a passphrase you choose now; nobody can recover "
          f"it for you. Use {RULE}.", file=sys.stderr)
    for _attempt in range(3):
        first = getpass.getpass("New passphrase: ")
        if not first:
            print("An empty passphrase would leave children's data readable by anyone with the file. Type one, "
                  "or run again with --no-encryption.", file=sys.stderr)
            continue
        verdict = judge(first, (path.stem,))
        if not verdict.ok:
            print(verdict.problem, file=sys.stderr)
            continue
        if getpass.getpass("Repeat the passphrase: ") != first:
            raise CliError("the two passphrases do not match; nothing was created")
        return first
    raise CliError("no passphrase was chosen; nothing was created")


def _user(args: argparse.Namespace) -> str:
    """Who the command records and signs as: --user, else the identity set up in the window (so one
    person has one name and one signing key in both), else the login name."""
    import getpass

    from inspector_app.services.identity import saved_name

    return getattr(args, "user", None) or saved_name() or getpass.getuser()


def _workspace(args: argparse.Namespace, *, writes: bool = False, create: bool = False) -> Any:
    """Open the database; an encrypted one asks for its passphrase at a prompt (three tries).

    ``writes``: the command changes the database, so it takes the writer lock (refused while a window
    or another command has it) and cannot run ``--read-only``. ``create``: the command may create
    the database (``demo``); every other command refuses a missing file and creates nothing.
    """
    import getpass

    from inspector_app.services import open_workspace
    from inspector_app.storage import cipher
    from inspector_app.storage.database import DatabaseOpenError

    user = _user(args)
    read_only = bool(getattr(args, "read_only", False))
    if read_only and writes:
        raise CliError(f"'{args.command}' changes the database, so it cannot run with --read-only")
    store = _store_url(args)
    if store is not None:  # a PostgreSQL store: no file, no passphrase, no writer lock (the server serialises)
        return open_workspace(store, user=user, read_only=read_only, create=create)
    path = _db_path(args).expanduser().absolute()
    if not path.exists() and not create:
        raise CliError(f"{path} does not exist; nothing was created. Check the path (a new database is made by "
                       "'inspector-app demo' or the window).")
    passphrase = cipher.passphrase_from_env()
    plaintext = False
    if create and (not path.exists() or path.stat().st_size == 0):
        passphrase = _new_passphrase(args, path)
        plaintext = passphrase is None
    from inspector_app.storage.writer_lock import storage_warning

    warning = storage_warning(path)
    if warning:
        print(f"warning: {warning}", file=sys.stderr)
    for attempt in range(3):
        try:
            return open_workspace(path, user=user, passphrase=passphrase, exclusive=writes, read_only=read_only,
                                  create=create, plaintext=plaintext)
        except DatabaseOpenError as exc:
            needs = isinstance(exc.__cause__, cipher.PassphraseRequired | cipher.WrongPassphrase)
            if not needs or not _interactive() or attempt == 2:
                if needs and not _interactive():
                    raise CliError(f"{exc} Scripts can set {cipher.PASSPHRASE_ENV}.") from exc
                raise
            if isinstance(exc.__cause__, cipher.WrongPassphrase):
                print("That passphrase does not open the database.", file=sys.stderr)
            passphrase = getpass.getpass(f"Passphrase for {path.name}: ")
    raise AssertionError("unreachable")


def _warn_framework_errors(registry: Any) -> None:
    for error in registry.errors:
        print(f"warning: framework file skipped: {error}", file=sys.stderr)


def cmd_frameworks(args: argparse.Namespace) -> int:
    from inspector_app.frameworks import load_registry

    registry = load_registry()
    _warn_framework_errors(registry)
    frameworks = registry.all()
    if args.json:
        print(json.dumps([_framework_json(f) for f in frameworks], indent=2))
        return EXIT_OK
    for f in frameworks:
        until = f.in_force_to.isoformat() if f.in_force_to else "now"
        graded = f"graded, overall rule: {f.overall_rule.value}" if f.graded else "ungraded"
        print(f"{f.short_name}  [{f.uid}]  in force {f.in_force_from.isoformat()} to {until}; {graded}")
        for area in f.areas:
            marks = []
            if area.key_judgement:
                marks.append("key judgement")
            if area.parent:
                marks.append(f"sub-judgement of {area.parent}")
            suffix = f" ({', '.join(marks)})" if marks else ""
            indent = "      " if area.parent else "    "
            print(f"{indent}{area.key}: {area.name}{suffix}")
        if f.has_overall:
            print(f"    {f.overall_label}")
    return EXIT_OK


def _framework_json(f: Any) -> dict[str, Any]:
    return {
        "id": f.id, "version": f.version, "uid": f.uid, "name": f.name, "short_name": f.short_name,
        "graded": f.graded, "overall_rule": f.overall_rule.value,
        "kinds": [k.value for k in f.kinds],
        "areas": [{"key": a.key, "name": a.name, "key_judgement": a.key_judgement, "parent": a.parent}
                  for a in f.areas],
    }


def cmd_demo(args: argparse.Namespace) -> int:
    from inspector_app.demo import generate_demo

    if args.scale < 1:
        raise CliError("--scale must be 1 or more")
    ws = _workspace(args, writes=True, create=True)
    try:
        summary = generate_demo(ws, scale=args.scale)
    finally:
        ws.close()
    print(
        f"Added {plural(len(summary.inspections), 'demo inspection')} to {ws.db.path}: "
        f"{plural(summary.cases, 'case')}, "
        f"{plural(summary.audits, 'record audit')}, {plural(summary.evidence, 'evidence item')}, "
        f"{plural(summary.notes, 'note')}."
    )
    return EXIT_OK


def inspection_summaries(ws: Any) -> list[dict[str, Any]]:
    """Inspections as plain data, with judgements and overall as the framework's rule settles them."""
    from inspector_app.services import inspections, judgements

    out = []
    for info in inspections.list_inspections(ws):
        framework = ws.registry.get(info.framework_id, info.framework_version)
        state = judgements.judgement_state(ws, info.id)
        out.append({
            "id": info.id, "uuid": info.uuid, "authority": info.authority,
            "framework": framework.uid, "framework_name": framework.short_name,
            "kind": info.kind.value, "start_date": info.start_date.isoformat(),
            "end_date": info.end_date.isoformat(), "status": info.status.value,
            "lead_inspector": info.lead.name if info.lead else None,
            "judgements": (
                {a.key: (g.value if (g := state.grade(a.key)) else None) for a in framework.areas}
                if framework.graded else {}
            ),
            "overall": state.overall.settled.value if state.overall.settled else None,
            "overall_note": state.overall.summary(),
        })
    return out


def cmd_inspections(args: argparse.Namespace) -> int:
    ws = _workspace(args)
    try:
        _warn_framework_errors(ws.registry)
        rows = inspection_summaries(ws)
    finally:
        ws.close()
    if args.json:
        print(json.dumps(rows, indent=2))
        return EXIT_OK
    if not rows:
        print("No inspections yet. Create one in the app, or add the demo: inspector-app demo")
        return EXIT_OK
    for r in rows:
        overall = r["overall"] or "-"
        print(f"{r['id']:>4}  {r['authority']:<20} {r['framework_name']:<16} {r['kind']:<17} "
              f"{r['start_date']} to {r['end_date']}  {r['status']:<18} overall: {overall}")
    return EXIT_OK


def cmd_history(args: argparse.Namespace) -> int:
    from inspector_app.services import audit_trail

    ws = _workspace(args)
    try:
        flt = audit_trail.HistoryFilter(who=args.who, action=args.action, text=args.search or "")
        entries = audit_trail.inspection_history(ws, args.inspection, flt, limit=args.limit)
    finally:
        ws.close()
    if args.json:
        print(json.dumps([{"at": e.at.isoformat(), "who": e.who, "action": e.action, "entity": e.entity,
                           "row_uuid": e.row_uuid, "changes": e.changes} for e in entries], indent=2,
                         ensure_ascii=False))
        return EXIT_OK
    if not entries:  # said on stdout, as 'inspections' says it has none; what was searched is not repeated
        filtered = args.search or args.who or args.action
        print("Nothing in this inspection's history matches the search and filters given." if filtered
              else "Nothing in this inspection's history yet.")
    for e in entries:
        print(f"{e.at.astimezone():%Y-%m-%d %H:%M:%S}  {e.who:<20} {e.action_label:<16} {e.entity_label:<16} "
              f"{e.summary}")
    return EXIT_OK


def cmd_deadlines(args: argparse.Namespace) -> int:
    from inspector_app.services import deadlines
    from inspector_app.services.icalendar_export import export_icalendar

    ws = _workspace(args)
    try:
        plans = deadlines.all_plans(ws, authority=args.authority)
    finally:
        ws.close()
    if args.ics:
        export_icalendar(plans, Path(args.ics))
        print(f"Wrote {args.ics}: open it in Outlook (File > Open & Export > Import/Export) or any calendar.",
              file=sys.stderr)
    if args.json:
        print(json.dumps([{
            "authority": p.authority, "grade": p.grade.value if p.grade else None, "grade_basis": p.grade_basis,
            "items": [{"kind": i.kind.value, "title": i.title, "start": i.start.isoformat() if i.start else None,
                       "end": i.end.isoformat() if i.end else None, "approximate": i.approximate,
                       "basis": i.basis} for i in p.items],
        } for p in plans], indent=2, ensure_ascii=False))
        return EXIT_OK
    if not plans:
        print("No inspections yet, so nothing is due.")
    for p in plans:
        print(f"{p.authority} — {p.grade_basis}")
        for i in p.items:
            if i.start is None or i.end is None:
                when = "not yet placed"
            elif i.is_window:
                when = f"{i.start.isoformat()} to {i.end.isoformat()}"
            else:
                when = i.start.isoformat()
            about = "about " if i.approximate and i.start is not None else ""
            print(f"    {about + when:<32} {i.title}  ({i.basis})")
    return EXIT_OK


def cmd_annex_import(args: argparse.Namespace) -> int:
    from inspector_app.domain.annex_a import FIELD_BY_KEY
    from inspector_app.services import annex_import

    mapping = None
    if args.map:
        pairs = [m.partition("=") for m in args.map]
        bad = [m for m, (_h, eq, f) in zip(args.map, pairs, strict=True) if not eq or (f and f not in FIELD_BY_KEY)]
        if bad:
            raise CliError(f"--map takes HEADING=FIELD with FIELD one of {', '.join(FIELD_BY_KEY)} (or empty to "
                           "skip the column)")
    ws = _workspace(args, writes=args.accept)
    try:
        if args.map:
            from inspector_app.services.annex_import import propose_mapping, read_table, remembered_headings

            table = read_table(Path(args.file))
            mapping = propose_mapping(table.headings, remembered_headings(ws, _authority(ws, args.inspection)))
            for heading, _eq, field_key in (m.partition("=") for m in args.map):
                if heading not in mapping:
                    raise CliError(f"the file has no column headed {heading!r}")
                mapping[heading] = field_key or None
        preview = annex_import.preview(ws, args.inspection, Path(args.file), args.list, mapping=mapping)
        print(preview.summary() + ".")
        for text in preview.problems:
            print(f"problem: {text}")
        for text in preview.warnings:
            print(f"note: {text}")
        for issue in preview.issues[:args.show]:
            print(f"row {issue.row}: {issue.reason}")
        if len(preview.issues) > args.show:
            print(f"... and {len(preview.issues) - args.show} more rows that cannot be read")
        if not args.accept:
            print("Nothing imported (preview only): run again with --accept to import.")
            return EXIT_OK if preview.ready else EXIT_ERROR
        if not preview.ready:
            raise CliError("nothing imported: solve the problems above first (--map HEADING=FIELD)")
        info = annex_import.accept(ws, preview)
    finally:
        ws.close()
    print(f"Imported list {info.list_number}: {plural(info.row_count, 'row')}.")
    return EXIT_OK


def _authority(ws: Any, inspection_id: int) -> str:
    from inspector_app.services import inspections

    return str(inspections.get_inspection(ws, inspection_id).authority)


def cmd_annex_sample(args: argparse.Namespace) -> int:
    from collections import Counter

    from inspector_app.domain.enums import LegalStatus
    from inspector_app.services import sampling

    statuses = tuple(LegalStatus(s) for s in args.status or ())
    ws = _workspace(args, writes=True)
    try:
        drawn = sampling.draw_sample(ws, args.inspection, sampling.SampleSpec(size=args.size, seed=args.seed,
                                                                              statuses=statuses))
        made = sampling.accept_sample(ws, args.inspection) if args.make_cases else 0
    finally:
        ws.close()
    print(f"Sample of {len(drawn)} (seed {args.seed}):")
    for status, n in sorted(Counter(c.stratum.label for c in drawn).items()):
        print(f"    {status}: {n}")
    print(f"    across {len({c.worker for c in drawn})} workers and {len({c.team for c in drawn})} teams")
    if args.make_cases:
        print(f"{made} case(s) made, with pseudonymous references (council IDs stay in the database).")
    return EXIT_OK


def _refuse_existing(out: str, fmt: str | None, force: bool) -> None:
    """The one rule for every export's --out: the suffix names the format, and a file already there is
    replaced only with --force (refused in one line before the database is opened)."""
    from inspector_app.reports.export import export_target

    path, _fmt = export_target(out, fmt)  # type: ignore[arg-type]
    _refuse_replacing(path, force)


def _refuse_replacing(path: Path, force: bool) -> None:
    if not force and path.exists():
        raise CliError(f"{path} already exists: add --force to replace it, or choose another --out; "
                       "nothing was written")


def cmd_report(args: argparse.Namespace) -> int:
    from inspector_app.reports import ExportOptions, export_document

    _refuse_existing(args.out, args.format, args.force)
    ws = _workspace(args, writes=not args.read_only)  # the export is recorded in the history, unless read-only
    try:
        result = export_document(
            ws, args.inspection, Path(args.out),
            ExportOptions(kind=args.kind, appendix=args.appendix, internal_references=args.internal_references,
                          internal=args.internal, format=args.format, moderation_annex=args.moderation_annex,
                          template=Path(args.template) if args.template else None),
            replace=args.force,
        )
    finally:
        ws.close()
    what = f"{plural(result.pages, 'page')}" if result.format == "pdf" else "Word document"
    print(f"Wrote {result.path} ({result.kind}, {what}): {result.title}")
    return EXIT_OK


def cmd_case_study(args: argparse.Namespace) -> int:
    from inspector_app.reports.case_study import export_case_study

    _refuse_existing(args.out, None, args.force)
    ws = _workspace(args, writes=True)
    try:
        path = export_case_study(ws, args.inspection, Path(args.out), replace=args.force)
    finally:
        ws.close()
    print(f"Wrote {path}: the anonymised good-practice case study")
    return EXIT_OK


def cmd_screenshots(args: argparse.Namespace) -> int:
    from inspector_app.gui.screenshots import take_screenshots

    db = _db_path(args)
    if not db.exists():
        raise CliError(f"{db} does not exist: create it first, e.g. inspector-app demo --db {db}")
    try:
        written = take_screenshots(db, Path(args.out), args.inspection, dark=args.dark)
    except ValueError as exc:
        raise CliError(str(exc)) from exc
    print(f"Wrote {plural(len(written), 'screenshot')} to {args.out}: " + ", ".join(p.name for p in written))
    return EXIT_OK


def _bundle_passphrase(args: argparse.Namespace, confirm: bool) -> str | None:
    """From INSPECTOR_APP_BUNDLE_PASSPHRASE (scripts) or a prompt; None when not needed."""
    import getpass
    import os

    from_env = os.environ.get("INSPECTOR_APP_BUNDLE_PASSPHRASE")
    if from_env:
        return from_env
    if not sys.stdin or not sys.stdin.isatty():
        raise CliError("a passphrase is needed: set INSPECTOR_APP_BUNDLE_PASSPHRASE or run in a terminal")
    first = getpass.getpass("Bundle passphrase: ")
    if confirm and getpass.getpass("Repeat the passphrase: ") != first:
        raise CliError("the passphrases do not match; nothing was written")
    if not first:
        raise CliError("the passphrase cannot be empty")
    return first


def cmd_bundle_export(args: argparse.Namespace) -> int:
    from inspector_app.bundles.export import bundle_path, export_bundle

    out = bundle_path(args.out)  # as the window names it: "--out team" writes team.inspbundle
    _refuse_replacing(out, args.force)  # before the passphrase is asked for or the database opened
    passphrase = _bundle_passphrase(args, confirm=True) if args.encrypt else None
    ws = _workspace(args, writes=not args.read_only)
    try:
        summary = export_bundle(ws, args.inspection, out, recipient=args.to, since_last=args.since_last,
                                passphrase=passphrase)
    finally:
        ws.close()
    from inspector_app.bundles.wording import bundle_in_words

    since = f" (changed since {summary.since:%d %b %Y %H:%M})" if summary.since else ""
    print(f"Wrote {summary.path}{since}: {bundle_in_words(summary.counts)}"
          f"{'; encrypted' if summary.encrypted else ''}.")
    return EXIT_OK


def cmd_bundle_import(args: argparse.Namespace) -> int:
    """Merge one bundle or several (a lead's round of the team's bundles): every file is read and checked
    before anything changes, one verified backup is taken before the first import, then each bundle is
    planned against what the ones before it merged and applied in its own transaction."""
    from inspector_app.bundles import crypto
    from inspector_app.bundles.importer import apply_import, backup_before_import, parse_bundle, plan_import
    from inspector_app.bundles.wording import preview_in_words

    bundles = []
    for name in args.file:
        path = Path(name)
        try:
            blob = path.read_bytes()
        except OSError as exc:
            raise CliError(f"cannot read {path}: {exc.strerror or exc}") from exc
        passphrase = _bundle_passphrase(args, confirm=False) if crypto.is_encrypted(blob) else None
        bundles.append(parse_bundle(blob, passphrase, name=path.name))
        del blob
    ws = _workspace(args, writes=not args.dry_run)
    backed_up = False
    try:
        for index, bundle in enumerate(bundles):
            plan = plan_import(ws, bundle, args.inspection)
            print(f"Bundle from {bundle.exporter} ({bundle.manifest['exporter']['machine_name']}), "
                  f"{bundle.manifest['created_at'][:16].replace('T', ' ')}: {preview_in_words(plan)}.")
            print(plan.signer.describe())
            if plan.already_imported:
                print(f"This bundle was already imported on {plan.already_imported:%d %b %Y %H:%M}.")
            for change in plan.conflicts:
                print(f"  conflict: {change.label} {change.uuid[:8]}: here {change.describe('local')!r}; "
                      f"theirs {change.describe('incoming')!r}")
            if args.dry_run:  # later bundles are planned without the earlier ones merged
                print("Dry run: nothing was changed.")
                continue
            if plan.conflicts and args.on_conflict == "stop":
                done = f" The {index} bundle(s) before it were imported." if index else ""
                print(f"Nothing was changed by this bundle: choose --on-conflict keep-mine, take-theirs or "
                      f"keep-both.{done}", file=sys.stderr)
                return 3
            choice = {"keep-mine": "mine", "take-theirs": "theirs", "keep-both": "both"}.get(args.on_conflict)
            writes = (plan.signer.on_roster or args.accept_unknown_signer) and not (
                plan.already_imported is not None and not plan.changes)  # else apply_import refuses or skips
            if writes and not backed_up:
                backup_before_import(ws)
                backed_up = True
            result = apply_import(ws, plan, default=choice,  # type: ignore[arg-type]
                                  accept_unknown_signer=args.accept_unknown_signer, backed_up=backed_up)
            print(f"Imported into inspection {result.inspection_id}: {result.added} added, {result.updated} "
                  f"updated, {result.deleted} deleted, {plural(result.conflicts, 'conflict')} settled.")
    finally:
        ws.close()
    return EXIT_OK


def cmd_sync(args: argparse.Namespace) -> int:
    from inspector_app.bundles import store_link
    from inspector_app.bundles.sync import SyncConflicts, sync

    address = store_link.check_address(args.store) if args.store else store_link.saved_address()
    if address is None:
        raise CliError("no regional store is set for this data folder: give its address once with --store "
                       "postgresql://you@server/database?sslmode=verify-full (the password goes in ~/.pgpass)")
    ws = _workspace(args, writes=True)
    try:
        store = store_link.open_store(address, user=ws.user, registry=ws.registry)
        try:
            choice = {"keep-mine": "mine", "take-theirs": "theirs", "keep-both": "both"}.get(args.on_conflict)
            result = sync(ws, store, args.inspection, default=choice,  # type: ignore[arg-type]
                          progress=_sync_progress() if _interactive() else None)
        except SyncConflicts as exc:
            result = None
            problems: tuple[Exception, ...] = (exc,)
        finally:
            store.close()
    finally:
        ws.close()
    if args.store:
        store_link.save_address(address)  # it worked: remembered for the next sync from this data folder
    if result is not None:
        for item in result.inspections:
            print(item.describe())
        problems = result.problems
    for problem in problems:
        print(problem, file=sys.stderr)
        for change in getattr(problem, "conflicts", []):
            print(f"  changed on both sides: {change.label} {change.uuid[:8]}", file=sys.stderr)
    if any(isinstance(p, SyncConflicts) for p in problems):
        print("Decide with --on-conflict keep-mine, take-theirs or keep-both (mine: this laptop's version), or "
              "sync from the Team view to decide row by row.", file=sys.stderr)
        return 3
    return EXIT_ERROR if problems else EXIT_OK


def _sync_progress() -> Callable[[float, str], None]:
    def show(fraction: float, message: str) -> None:
        print(f"\r{fraction:4.0%} {message[:70]:<70}", end="" if fraction < 1 else "\n", file=sys.stderr,
              flush=True)
    return show


def _store_for(args: argparse.Namespace, ws: Any) -> Any:
    """The regional store named by --store, or the one saved for this data folder, or None (this database)."""
    from inspector_app.bundles import store_link

    address = store_link.check_address(args.store) if args.store else store_link.saved_address()
    return store_link.open_store(address, user=ws.user, registry=ws.registry) if address else None


def cmd_carry_forward(args: argparse.Namespace) -> int:
    from inspector_app.services import across, inspections

    ws = _workspace(args, writes=True)
    try:
        info = inspections.get_inspection(ws, args.inspection)
        store = _store_for(args, ws)
        try:
            carried = across.previous_inspection(store or ws, info.authority, info.start_date)
        finally:
            if store is not None:
                store.close()
        if carried is None:
            raise CliError(f"no earlier graded inspection of {info.authority} is in "
                           f"{'the regional store' if store else 'this database'}; nothing was changed")
        done = across.carry_forward(ws, args.inspection, carried)
    finally:
        ws.close()
    print(f"From the {carried.label}: {plural(len(done.grades), 'grade')} "
          f"{'is' if len(done.grades) == 1 else 'are'} now this inspection's previous judgements.")
    for key, grade in sorted(done.grades.items()):
        print(f"  {key}: {grade.label}")
    if carried.recommendations:
        print(f"What it asked the council to improve, now tracked in this inspection ({done.recommendations_added} "
              f"new, {done.recommendations_kept} already tracked); follow each up on this visit:")
        for kind, _area, text in carried.recommendations:
            print(f"  - [{kind.label}] {text}")
    return EXIT_OK


def cmd_search_across(args: argparse.Namespace) -> int:
    from inspector_app.services import across

    ws = _workspace(args)
    try:
        store = _store_for(args, ws)
        try:
            hits = across.search_across(store or ws, args.query, limit=args.limit)
        finally:
            if store is not None:
                store.close()
    finally:
        ws.close()
    if args.json:
        print(json.dumps([{"authority": h.authority, "inspection": h.inspection, "area": h.area_key,
                           "child": h.child, "seen_on": h.seen_on.isoformat() if h.seen_on else None,
                           "text": h.text} for h in hits], indent=2))
        return EXIT_OK
    for h in hits:
        print(f"{h.authority} ({h.inspection}) · {h.area_key}{' · ' + h.child if h.child else ''}: {h.text}")
    print(f"{len(hits)} found.", file=sys.stderr)
    return EXIT_OK


def cmd_identity(args: argparse.Namespace) -> int:
    from inspector_app.services import identity

    ws = _workspace(args, writes=True, create=True)  # a new laptop's first step: its database and key
    try:
        key = identity.ensure_signing_key(ws)
    finally:
        ws.close()
    print(f"{key.person}\nFingerprint: {key.fingerprint}\nPublic key:  {key.public_key}")
    print("Read the fingerprint aloud to your lead; give them the public key for the team roster.")
    return EXIT_OK


def cmd_store(args: argparse.Namespace) -> int:
    """A regional PostgreSQL store: set it up (its owner), grant groups and roster places (its administrators)."""
    from inspector_app.services import regional_store

    if args.store_command == "init":
        ready = regional_store.init_store(args.url)
        made = f"; groups created: {', '.join(ready.groups_created)}" if ready.groups_created else ""
        print(f"The store {ready.where} is at schema {ready.revision}, with row-level security on "
              f"{plural(ready.tables_protected, 'table')}{made}.")
    elif args.store_command == "grant":
        regional_store.grant_group(args.url, args.login, args.group)
        print(f"{args.login} is now in the store's {args.group} group.")
    elif args.store_command == "roster-add":
        added = regional_store.add_to_roster(args.url, args.login, args.inspection)
        print(f"{args.login} {'may now work on' if added else 'could already work on'} inspection {args.inspection}.")
    else:
        removed = regional_store.remove_from_roster(args.url, args.login, args.inspection)
        kept = " Their laptop keeps what it holds until it is purged or destroyed." if removed else ""
        print(f"{args.login} {'may no longer work on' if removed else 'was not on the roster of'} inspection "
              f"{args.inspection}.{kept}")
    return EXIT_OK


def cmd_roster(args: argparse.Namespace) -> int:
    from inspector_app.domain.enums import TeamRole
    from inspector_app.services import roster

    ws = _workspace(args, writes=args.action != "list")
    try:
        if args.action == "add":
            name, key = args.name, args.key
            if args.from_bundle:
                from inspector_app.bundles import crypto
                from inspector_app.bundles.importer import read_bundle

                path = Path(args.from_bundle)
                with path.open("rb") as handle:
                    encrypted = crypto.is_encrypted(handle.read(len(crypto.MAGIC)))
                bundle = read_bundle(path, _bundle_passphrase(args, confirm=False) if encrypted else None)
                if bundle.signer is None:
                    raise CliError(f"{path.name} is not signed (it was written by an older version)")
                name, key = name or bundle.signer.name, bundle.signer.public_key
            if not name or not key:
                raise CliError("give --name and --key, or --from-bundle")
            entry = roster.add_member(ws, args.inspection, name, TeamRole(args.role), key)
            print(f"{entry.name} is on the roster as {entry.role.label.lower()}; key fingerprint {entry.fingerprint}. "
                  "Check it with them face to face.")
        elif args.action == "remove":
            if args.member is None:
                raise CliError("give --member (the number 'roster list' shows)")
            roster.remove_member(ws, args.inspection, args.member)
            print("Removed from the roster.")
        else:
            for entry in roster.list_roster(ws, args.inspection):
                print(f"{entry.id:>3}  {entry.name:<30} {entry.role.label:<28} {entry.fingerprint}")
    finally:
        ws.close()
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    from inspector_app.storage import backups, cipher
    from inspector_app.storage.engines.postgresql import OPERATOR_BACKUPS

    _file_only(args, OPERATOR_BACKUPS)

    path = _db_path(args)
    if args.action == "list":
        found = backups.list_backups(path)
        if not found:
            print(f"No backups of {path.name} yet (they are kept in {backups.folder_for(path)}).")
        for b in found:
            print(f"{b.taken_at.astimezone():%Y-%m-%d %H:%M:%S}  {b.reason:<18} {b.size / 1024:8.0f} KB  {b.path}")
        return EXIT_OK
    if args.action == "restore":
        from inspector_app.storage.database import DatabaseOpenError
        from inspector_app.storage.writer_lock import DatabaseInUse, WriterLock

        if args.read_only:
            raise CliError("'backup restore' changes the database, so it cannot run with --read-only")
        passphrase = cipher.passphrase_from_env()
        if path.exists():
            try:
                ws = _workspace(args, writes=True)  # proves the passphrase and that no window has it open
                passphrase = ws.db.passphrase
                ws.close()
            except DatabaseOpenError as exc:
                if not exc.damaged:
                    raise
                print(f"{path.name} is damaged; it will be kept beside the restored database.", file=sys.stderr)
        lock = WriterLock(path)
        try:
            lock.acquire()  # held for the whole restore: no window or command can open it half-restored
        except DatabaseInUse as exc:
            raise CliError(str(exc)) from exc
        try:
            if args.file:
                used, safety = Path(args.file), backups.restore_backup(path, Path(args.file), passphrase)
            else:
                newest, safety = backups.restore_newest_good(path, passphrase)
                used = newest.path
        finally:
            lock.release()
        print(f"Restored {used.name}." + (f" The replaced state is kept as {safety.path.name}." if safety else ""))
        return EXIT_OK
    ws = _workspace(args, writes=args.action == "create")
    try:
        if args.action == "create":
            made = backups.create_backup(ws.db, "manual")
            print(f"Backup verified and saved: {made.path}")
        else:
            print(backups.test_newest_backup(ws.db))
    finally:
        ws.close()
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    """Never fails on a damaged file: each check that cannot run says so, and the advice says what a
    restore would lose."""
    from inspector_app.storage import cipher
    from inspector_app.storage.database import DatabaseOpenError
    from inspector_app.storage.errors import Reason
    from inspector_app.storage.integrity import check_database, check_file, restore_advice_for

    path = _db_path(args).expanduser().absolute()
    try:
        ws = _workspace(args)
    except DatabaseOpenError as exc:
        if _store_url(args) is not None or exc.reason in (
                Reason.PASSPHRASE_REQUIRED, Reason.WRONG_PASSPHRASE, Reason.MISSING, Reason.NEWER_VERSION):
            raise
        print(f"{path.name} cannot be opened for work: {exc}", file=sys.stderr)
        report = check_file(path, cipher.passphrase_from_env())
        findings, advice = report.findings, report.advice
    else:
        try:
            from inspector_app.services.validation import stored_rows_check

            findings = check_database(ws.db, extra=stored_rows_check(ws.registry))
            advice = "" if all(f.ok for f in findings) else restore_advice_for(ws.db)
        finally:
            ws.close()
    for finding in findings:
        print(f"{'n/a ' if not finding.applies else 'ok  ' if finding.ok else 'FAIL'} {finding.check}: "
              f"{finding.detail}")
    failed = [f for f in findings if not f.ok]
    print("The database is sound." if not failed else
          f"{len(failed)} problem{'s' if len(failed) > 1 else ''} found. {advice}")
    return EXIT_OK if not failed else EXIT_ERROR


def cmd_purge(args: argparse.Namespace) -> int:
    from inspector_app.services.retention import purge_case_details

    ws = _workspace(args, writes=True)
    try:
        done = purge_case_details(ws, args.inspection, confirm=args.confirm or "")
    finally:
        ws.close()
    print(f"Purged: {plural(done.cases, 'case')} pseudonymised, {plural(done.notes_removed, 'tracking note')} and "
          f"{plural(done.attachments_removed, 'attachment')} removed, {plural(done.texts_scrubbed, 'text')} scrubbed, "
          f"{done.events_redacted} history entries redacted, {done.backups_shredded} older backups shredded.")
    return EXIT_OK


def cmd_destroy(args: argparse.Namespace) -> int:
    from inspector_app.services.retention import SHRED_LOG, destroy_database

    ws = _workspace(args, writes=True)  # proves the passphrase and that no window has it open
    try:
        record = destroy_database(ws, confirm=args.confirm or "", reason=args.reason or "")
    except BaseException:
        ws.close()
        raise
    print(f"Destroyed {record.database} and {plural(record.files - 1, 'copy', 'copies')} ({record.method}); "
          f"logged in {SHRED_LOG} "
          "in the app's data folder.")
    return EXIT_OK


def cmd_passphrase(args: argparse.Namespace) -> int:
    import getpass
    import os

    from inspector_app.storage import cipher
    from inspector_app.storage.engines.postgresql import OPERATOR_KEYS
    from inspector_app.storage.rekey import set_passphrase

    _file_only(args, OPERATOR_KEYS)
    path = _db_path(args)
    if not path.exists():
        raise CliError(f"{path} does not exist")
    old = None
    if not cipher.is_plain_sqlite(path):
        old = cipher.passphrase_from_env() or (getpass.getpass("Current passphrase: ") if _interactive() else None)
    new = os.environ.get("INSPECTOR_APP_NEW_PASSPHRASE")
    if new is None:
        if not _interactive():
            raise CliError("give the new passphrase in INSPECTOR_APP_NEW_PASSPHRASE or run in a terminal")
        new = getpass.getpass("New passphrase: ")
        if getpass.getpass("Repeat the new passphrase: ") != new:
            raise CliError("the passphrases do not match; nothing was changed")
    from inspector_app.storage.writer_lock import DatabaseInUse, WriterLock

    lock = WriterLock(path)
    try:
        lock.acquire()
    except DatabaseInUse as exc:
        raise CliError(str(exc)) from exc
    try:
        set_passphrase(path, new, old)
    finally:
        lock.release()
    print(f"{path} is now encrypted with the new passphrase." if old is None
          else f"The passphrase of {path} was changed.")
    return EXIT_OK


def cmd_gui(args: argparse.Namespace) -> int:
    from inspector_app.display import no_display_message

    missing = no_display_message()
    if missing is not None:  # before Qt starts: it would abort blaming a missing xcb library
        print(missing, file=sys.stderr)
        return 1
    try:
        from inspector_app.gui.launch import run_gui
    except ImportError as exc:
        raise CliError(f"the desktop window cannot start: {exc}") from exc
    return run_gui(_store_url(args) or _db_path(args), plaintext=args.no_encryption)


def _database_options(before_command: bool) -> tuple[argparse.ArgumentParser, argparse.ArgumentParser]:
    """The options every command takes, given before the command or after it.

    After the command they have no default: a command's own default would overwrite the value given
    before it (``inspector-app --db X inspections`` opened the default database)."""
    unset: Any = None if before_command else argparse.SUPPRESS
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH", default=unset,
                        help="database file (default: inspections.sqlite in your data folder)")
    common.add_argument("--user", metavar="NAME", default=unset,
                        help="your name, recorded on what you change and signing what you send (default: the "
                             "identity set up in the window, so the same name and key; else your login name)")
    common.add_argument("--read-only", action="store_true", default=False if before_command else unset,
                        help="open the database without changing anything (works on a read-only disk or folder)")
    creating = argparse.ArgumentParser(add_help=False)
    creating.add_argument("--no-encryption", action="store_true", default=False if before_command else unset,
                          help="create a new database UNENCRYPTED (anyone with the file can read it); "
                               "the default is to ask for a passphrase")
    return common, creating


def build_parser() -> argparse.ArgumentParser:
    first, first_creating = _database_options(before_command=True)
    common, creating = _database_options(before_command=False)
    parser = argparse.ArgumentParser(
        prog="inspector-app", parents=[first, first_creating],
        description="Inspector App: evidence, judgements and reports for inspections of "
                    "children's services. With no command, opens the desktop window.",
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="show the program's version number and exit")
    parser.add_argument("--debug", action="store_true", help="show full tracebacks on errors")
    parser.add_argument("--self-test", action="store_true",
                        help="check this installation (database, migrations, PDF, Qt) without a window, then exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("frameworks", parents=[common], help="list the frameworks and their judgement areas")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_frameworks)

    p = sub.add_parser("demo", parents=[common, creating], help="add synthetic demo inspections")
    p.add_argument("--scale", type=int, default=1, metavar="N", help="multiply the main inspection's size")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("inspections", parents=[common], help="list inspections with their judgements")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_inspections)

    p = sub.add_parser("history", parents=[common], help="an inspection's audit trail, newest first")
    p.add_argument("--inspection", type=int, required=True, help="the inspection's id (see: inspector-app inspections)")
    p.add_argument("--who", help="only what this person did")
    p.add_argument("--action", choices=["create", "update", "delete", "restore", "import", "merge", "export",
                                        "purge"], help="only this kind of event")
    p.add_argument("--search", help="only events whose details contain these words")
    p.add_argument("--limit", type=int, default=200, help="at most this many events (default 200)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_history)

    annex = sub.add_parser("annex", help="Annex A: import a council's child-level list, draw the case sample")
    annex_sub = annex.add_subparsers(dest="annex_command", metavar="ACTION", required=True)
    p = annex_sub.add_parser("import", parents=[common], help="preview a list (CSV or XLSX); --accept imports it")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--inspection", type=int, required=True, metavar="ID")
    p.add_argument("--list", type=int, required=True, choices=range(1, 12), metavar="N", help="Annex A list 1 to 11")
    p.add_argument("--map", action="append", metavar="HEADING=FIELD",
                   help="which field a column holds (repeatable); remembered for the council once imported")
    p.add_argument("--show", type=int, default=50, metavar="N", help="list at most N unreadable rows (default 50)")
    p.add_argument("--accept", action="store_true", help="import the rows the preview can read")
    p.set_defaults(func=cmd_annex_import)
    p = annex_sub.add_parser("sample", parents=[common], help="draw the balanced case sample from imported lists")
    p.add_argument("--inspection", type=int, required=True, metavar="ID")
    p.add_argument("--size", type=int, required=True, metavar="N")
    p.add_argument("--seed", type=int, default=2026, help="the same seed draws the same sample (default 2026)")
    p.add_argument("--status", action="append", choices=[s.value for s in _legal_statuses()],
                   help="only children with this status (repeatable; default: all)")
    p.add_argument("--make-cases", action="store_true", help="make each sampled child a case (S-001...)")
    p.set_defaults(func=cmd_annex_sample)

    p = sub.add_parser("deadlines", parents=[common],
                       help="what comes next for each authority: council deadlines and next activities")
    p.add_argument("--authority", metavar="NAME", help="only this authority")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--ics", metavar="FILE.ics", help="also write an iCalendar file (opens in Outlook)")
    p.set_defaults(func=cmd_deadlines)

    p = sub.add_parser("case-study", parents=[common],
                       help="export the good-practice case study, anonymised, as PDF or Word (.docx)")
    p.add_argument("--inspection", type=int, required=True, metavar="ID", help="inspection id (see 'inspections')")
    p.add_argument("--out", required=True, metavar="FILE",
                   help="where to write it (.docx for Word, otherwise PDF; the suffix is added if missing)")
    p.add_argument("--force", action="store_true", help="replace FILE if it already exists")
    p.set_defaults(func=cmd_case_study)

    p = sub.add_parser("report", parents=[common], help="export a draft report or letter as PDF or Word (.docx)")
    p.add_argument("--inspection", type=int, required=True, metavar="ID", help="inspection id (see 'inspections')")
    p.add_argument("--out", required=True, metavar="FILE",
                   help="where to write it (FILE.pdf or FILE.docx); the suffix always matches the format: "
                        "--out draft.pdf --format docx writes draft.docx")
    p.add_argument("--format", choices=["pdf", "docx"],
                   help="pdf or docx (Word); default: from the file's suffix (.docx, otherwise PDF)")
    p.add_argument("--force", action="store_true", help="replace FILE if it already exists")
    p.add_argument("--internal", action="store_true",
                   help="the lead's working copy: evidence references (PDF footnotes, Word comments), previous "
                        "grades, rationale and the evidence appendix; the default is the publishable draft")
    p.add_argument("--template", metavar="FILE.docx", help="for Word: take styles from this .docx template")
    p.add_argument("--kind", choices=["report", "letter"],
                   help="report (graded inspections) or letter (focused and monitoring visits); "
                        "default: whichever fits the inspection")
    p.add_argument("--appendix", action="store_true", help="add an appendix listing the evidence cited")
    p.add_argument("--internal-references", action="store_true",
                   help="add an INTERNAL appendix linking pseudonyms to case references (never for publication)")
    p.add_argument("--moderation-annex", action="store_true",
                   help="add an INTERNAL annex: proposed grades, their spread, agreement and settled grades")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("screenshots", parents=[common], help="save a PNG of each main view (no display needed)")
    p.add_argument("--out", required=True, metavar="DIR", help="folder for the PNG files")
    p.add_argument("--inspection", type=int, metavar="ID", help="inspection to show (default: the largest graded one)")
    p.add_argument("--dark", action="store_true", help="use the dark look")
    p.set_defaults(func=cmd_screenshots)

    p = sub.add_parser("backup", parents=[common], help="list, create, test or restore verified backups")
    p.add_argument("action", choices=["list", "create", "test", "restore"])
    p.add_argument("--from", dest="file", metavar="FILE",
                   help="with restore: the backup file to put back (default: the newest good one)")
    p.set_defaults(func=cmd_backup)

    p = sub.add_parser("check", parents=[common], help="check the database's integrity and the app's invariants")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("purge", parents=[common],
                       help="after publication: remove case-identifying data, keep judgements and findings")
    p.add_argument("--inspection", type=int, required=True, help="the inspection's id (see: inspector-app inspections)")
    p.add_argument("--confirm", metavar="AUTHORITY", help="the authority's name, to confirm")
    p.set_defaults(func=cmd_purge)

    p = sub.add_parser("destroy", parents=[common],
                       help="crypto-shred the database and all its backups at the end of retention, and log it")
    p.add_argument("--confirm", metavar="DESTROY", help="the word DESTROY, to confirm")
    p.add_argument("--reason", help="why, for the shredding log")
    p.set_defaults(func=cmd_destroy)

    p = sub.add_parser("passphrase", parents=[common],
                       help="encrypt the database with a passphrase, or change its passphrase")
    p.set_defaults(func=cmd_passphrase)

    bundle = sub.add_parser("bundle", help="exchange work between laptops: export and import bundles")
    bundle_sub = bundle.add_subparsers(dest="bundle_command", metavar="ACTION", required=True)
    p = bundle_sub.add_parser("export", parents=[common], help="write an inspection bundle")
    p.add_argument("--inspection", type=int, required=True, metavar="ID")
    p.add_argument("--out", required=True, metavar="FILE.inspbundle")
    p.add_argument("--to", default="lead", metavar="NAME", help="who it is for (used by --since-last)")
    p.add_argument("--since-last", action="store_true", help="only what changed since the last export to --to")
    p.add_argument("--encrypt", action="store_true",
                   help="protect with a passphrase (prompted, or INSPECTOR_APP_BUNDLE_PASSPHRASE)")
    p.add_argument("--force", action="store_true", help="replace FILE.inspbundle if it already exists")
    p.set_defaults(func=cmd_bundle_export)
    p = bundle_sub.add_parser("import", parents=[common],
                              help="merge one bundle or several into this database (one backup before them)")
    p.add_argument("file", metavar="FILE", nargs="+")
    p.add_argument("--inspection", type=int, metavar="ID", help="refuse a bundle for any other inspection")
    p.add_argument("--dry-run", action="store_true", help="show what would change, change nothing")
    p.add_argument("--on-conflict", choices=["stop", "keep-mine", "take-theirs", "keep-both"], default="stop",
                   help="what to do with rows changed on both laptops (default: stop, change nothing)")
    p.add_argument("--accept-unknown-signer", action="store_true",
                   help="import this one bundle although its signer is not on the team roster (after checking "
                        "the fingerprint it shows with the sender; recorded in the history)")
    p.set_defaults(func=cmd_bundle_import)

    p = sub.add_parser("sync", parents=[common],
                       help="sync with the regional store: send what it lacks, receive what this laptop lacks")
    p.add_argument("--store", metavar="URL",
                   help="the store's address, e.g. postgresql://you@server/inspections?sslmode=verify-full, without "
                        "a password (libpq reads it from ~/.pgpass or a service file); remembered for this data "
                        "folder once a sync succeeds")
    p.add_argument("--inspection", type=int, metavar="ID",
                   help="only this inspection (default: every one here, and every one in the store naming you)")
    p.add_argument("--on-conflict", choices=["stop", "keep-mine", "take-theirs", "keep-both"], default="stop",
                   help="rows changed both here and in the store (default: stop, change nothing of that "
                        "inspection); mine is this laptop's version")
    p.set_defaults(func=cmd_sync)

    p = sub.add_parser("carry-forward", parents=[common],
                       help="make the authority's previous inspection's grades this one's previous judgements and "
                            "list what it asked the council to improve")
    p.add_argument("--inspection", type=int, required=True, metavar="ID")
    p.add_argument("--store", metavar="URL", help="look in this regional store (default: the saved one, if any, "
                                                  "else this database)")
    p.set_defaults(func=cmd_carry_forward)
    p = sub.add_parser("search-across", parents=[common],
                       help="search evidence in every inspection you may see (children by pseudonym only)")
    p.add_argument("query")
    p.add_argument("--store", metavar="URL", help="search this regional store (default: the saved one, if any, "
                                                  "else this database)")
    p.add_argument("--limit", type=int, default=200)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_search_across)

    p = sub.add_parser("identity", parents=[common, creating],
                       help="your signing key's fingerprint (to check face to face) and public key (for the lead)")
    p.set_defaults(func=cmd_identity)

    store = sub.add_parser("store", help="a regional PostgreSQL store: set up, groups, who may see which inspection")
    store_sub = store.add_subparsers(dest="store_command", metavar="ACTION", required=True)
    p = store_sub.add_parser("init", help="create or migrate the store, with its groups and row-level security")
    p.add_argument("url", help="postgresql://OWNER@HOST/DATABASE?sslmode=verify-full (password in ~/.pgpass)")
    p.set_defaults(func=cmd_store)
    p = store_sub.add_parser("grant", help="make a login an inspector, a QA reviewer or an administrator")
    p.add_argument("url")
    p.add_argument("--login", required=True, help="the person's PostgreSQL login role")
    p.add_argument("--group", required=True, choices=["inspector", "qa", "admin"])
    p.set_defaults(func=cmd_store)
    p = store_sub.add_parser("roster-add", help="let an inspector's login work on one inspection of the store")
    p.add_argument("url")
    p.add_argument("--login", required=True)
    p.add_argument("--inspection", type=int, required=True)
    p.set_defaults(func=cmd_store)
    p = store_sub.add_parser("roster-remove", help="stop an inspector's login working on one inspection of the store")
    p.add_argument("url")
    p.add_argument("--login", required=True)
    p.add_argument("--inspection", type=int, required=True)
    p.set_defaults(func=cmd_store)

    p = sub.add_parser("roster", parents=[common], help="the inspection's team roster: who may send bundles")
    p.add_argument("action", choices=["list", "add", "remove"])
    p.add_argument("--inspection", type=int, required=True, metavar="ID")
    p.add_argument("--name", help="with add: the member's name, as they set it on their laptop")
    p.add_argument("--role", choices=["lead", "team", "qa"], default="team", help="with add (default: team)")
    p.add_argument("--key", metavar="PUBLIC_KEY", help="with add: the public key 'inspector-app identity' shows them")
    p.add_argument("--from-bundle", metavar="FILE", help="with add: take the name and key from a bundle they signed")
    p.add_argument("--member", type=int, metavar="ID", help="with remove: the member's number in 'roster list'")
    p.set_defaults(func=cmd_roster)
    return parser


def _legal_statuses() -> list[Any]:
    from inspector_app.domain.enums import LegalStatus

    return list(LegalStatus)


def _friendly_errors() -> tuple[type[BaseException], ...]:
    from inspector_app.bundles.export import BundleError
    from inspector_app.domain.rules import OverallRuleError
    from inspector_app.frameworks import FrameworkError
    from inspector_app.reports import ExportCancelled, ExportError
    from inspector_app.services.retention import RetentionError
    from inspector_app.services.workspace import NotFoundError, ValidationError
    from inspector_app.storage.backups import BackupError
    from inspector_app.storage.database import DatabaseOpenError, StorageError
    from inspector_app.storage.rekey import PassphraseChangeError

    return (CliError, PassphraseChangeError, BackupError, DatabaseOpenError, ValidationError, NotFoundError,
            RetentionError, StorageError,
            OverallRuleError, FrameworkError, ExportError, ExportCancelled, BundleError, OSError)


EXIT_PIPE = 141  # 128 + SIGPIPE: what a shell reports for cat, grep or sort stopped by ``| head``


def _reader_gone() -> int:
    """The program reading the output closed it (``inspector-app history | head``): stop quietly, as
    coreutils do, with their exit status (141, so ``set -o pipefail`` scripts see the same as for them).
    Whatever is still buffered goes nowhere: stdout is pointed at the null device so the interpreter's
    final flush cannot complain either."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file behind stdout (a test's capture): nothing to flush there
        pass
    return EXIT_PIPE


def run(argv: Sequence[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(list(argv))
    if args.self_test:
        from inspector_app.selftest import run_self_test

        return run_self_test(Path(args.db) if args.db else None)
    func: Callable[[argparse.Namespace], int] = getattr(args, "func", cmd_gui)
    from inspector_app.storage.files import make_private

    make_private()  # every file this run creates (database, backups, bundles, PDFs, logs) is owner-only
    try:
        code = func(args)
        sys.stdout.flush()  # a reader gone (``| head``) shows here, not as Python's complaint at exit
        return code
    except BrokenPipeError:
        return _reader_gone()
    except KeyboardInterrupt:
        print("inspector-app: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        if args.debug:
            raise
        from inspector_app.storage.engines.postgresql import failure

        server = failure(exc)
        if isinstance(exc, _friendly_errors()):
            message = str(exc)
            from inspector_app.services.roles import RoleError

            if isinstance(exc, RoleError) and not getattr(args, "user", None):
                message += (f" (The command line wrote as {_user(args)}: give --user with your name as the "
                            "roster has it, or set up your identity in the window.)")
        elif server is not None:  # a store's fault: its one line, never the SQL
            message = str(server)
        else:
            message = f"unexpected problem ({type(exc).__name__}: {exc}); run again with --debug for details"
        print(f"inspector-app: error: {message}", file=sys.stderr)
        return EXIT_ERROR
