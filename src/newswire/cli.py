"""The ``newswire`` command (README "Commands"). The only module that imports click.

Exit statuses (README "Building by cron"): 0 success (warnings allowed), 1 input or output
errors, 2 usage errors, 75 another build still holds the lock.
"""

from __future__ import annotations

import json
import os
import shlex
import sys
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

from .run import BuildOptions, BuildReport, SitePaths, build
from .errors import Diagnostic, LockTimeout, NewswireError, Recorded, printable

if TYPE_CHECKING:
    from .websub import PingSettings

__all__ = ["main"]


class Reported(click.ClickException):
    """Exit status 1 with a message already in ``path:line: error: …`` form,
    printed as is (no second ``Error:`` prefix)."""

    def show(self, file: Any = None) -> None:
        click.echo(self.message, err=True)


class _Seconds(click.FloatRange):
    """A number of seconds at least ``min``: click's ``FloatRange``, which
    lets ``nan`` through (it compares false with every bound), refusing it
    too: a ``--wait nan`` would wait forever, a timeout of ``nan`` fail."""

    name = "seconds"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        seconds = super().convert(value, param, ctx)
        if seconds != seconds:  # NaN
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        return seconds


class Context:
    """Options shared by every command: the site folder.

    ``--site`` may come before the command or after it (the latter wins when
    both are given); ``NEWSWIRE_SITE`` gives it when neither does; the
    current folder is the default.
    """

    def __init__(self, site: Path | None) -> None:
        self.site = site if site is not None else Path(".")


_SITE_HELP = ("The site folder (holding feeds/ and content/); default: NEWSWIRE_SITE, "
              "else the current folder.")


def _site_after_command(ctx: click.Context, _param: click.Parameter,
                        value: Path | None) -> None:
    """``newswire build --site DIR``: the same as ``newswire --site DIR build``."""
    if value is None or ctx.resilient_parsing:
        return
    obj = ctx.find_object(Context)
    if obj is None:  # pragma: no cover (the group always makes one)
        return
    obj.site = value


class _Commands(click.Group):
    """The command group: every command it holds takes ``--site`` after its
    name too (``newswire build --site DIR``), commands added later included."""

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        if not any(param.name == "site" for param in cmd.params):
            cmd.params.insert(0, click.Option(
                ["--site"], type=click.Path(file_okay=False, path_type=Path),
                expose_value=False, callback=_site_after_command, help=_SITE_HELP))
        super().add_command(cmd, name)


def _parse_now(value: str | None) -> datetime:
    """``--now`` / ``SOURCE_DATE_EPOCH`` / the clock, as an aware datetime."""
    if value is not None:
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            raise click.BadParameter(f"{value!r} is not an ISO 8601 date-time; use "
                                     "2026-01-01T00:00:00Z", param_hint="--now") from None
        parsed = parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
        if not _writable(parsed):
            raise click.BadParameter(f"{value!r} is outside the years 1000 to 9999 that "
                                     "feeds can write", param_hint="--now")
        return parsed
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            moment = datetime.fromtimestamp(int(epoch), tz=timezone.utc)
        except (ValueError, OverflowError, OSError):
            raise click.UsageError(f"SOURCE_DATE_EPOCH={epoch!r} is not a Unix "
                                   "timestamp") from None
        if not _writable(moment):
            raise click.UsageError(f"SOURCE_DATE_EPOCH={epoch!r} is outside the years "
                                   "1000 to 9999 that feeds can write")
        return moment
    return datetime.now(timezone.utc)


def _writable(moment: datetime) -> bool:
    """True when ``moment`` has a four-digit year in UTC and in every time zone
    (offsets reach a day either way), as feeds and pages write it."""
    try:
        utc = moment.astimezone(timezone.utc)
    except OverflowError:
        return False
    return datetime(1000, 1, 2, tzinfo=timezone.utc) <= utc \
        <= datetime(9999, 12, 30, tzinfo=timezone.utc)


def _show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """``--version``: the installed version (looked up only when asked for)."""
    if value and not ctx.resilient_parsing:
        from . import __version__

        click.echo(f"newswire, version {__version__}")
        ctx.exit()


def public_line(public: str, url: str, base_url: str) -> str:
    """What ``serve --public`` prints: where ``public`` is served, and that
    its links lead to ``base_url`` (built for production), not to ``url``."""
    return (f"Serving {public} at {url}: its links lead to {base_url}, the address it "
            "was built for; 'newswire serve' without --public previews with local links "
            "(Ctrl-C to stop)")


def preview_line(changes: int, summary: str) -> str:
    """What ``serve`` prints after a preview build: ``preview built: …`` for
    the first, ``2 changes seen: preview rebuilt: …`` after ``changes`` file
    changes (created, modified or deleted under content/ or feeds/)."""
    if not changes:
        return f"preview built: {summary}"
    return f"{changes} change{'' if changes == 1 else 's'} seen: preview rebuilt: {summary}"


def _echo_diagnostic(d: Diagnostic) -> None:
    click.echo(str(d), err=True)


def _echo_diagnostics(diagnostics: Sequence[Diagnostic]) -> None:
    """Each on its own line of stderr, written at once (a site can have
    thousands of warnings, repeated by every build: those of an earlier
    build printed from its records, :meth:`Recorded.text`)."""
    if diagnostics:
        click.echo(diagnostics.text() if isinstance(diagnostics, Recorded)
                   else "\n".join(map(str, diagnostics)), err=True)


def selection_options(command: Any) -> Any:
    """``--now``, ``--drafts`` and ``--future``: which articles count as published.

    Shared by ``build`` and ``list`` so both decide alike (README "Articles", dates).
    """
    for option in reversed((
            click.option("--now", "now_text", metavar="DATETIME",
                         help="Treat this ISO 8601 moment as now (default: "
                              "SOURCE_DATE_EPOCH, else the clock). Decides which "
                              "articles are in the future."),
            click.option("--drafts", is_flag=True, help="Include drafts."),
            click.option("--future", is_flag=True,
                         help="Include articles dated after now."))):
        command = option(command)
    return command


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True,
              callback=_show_version, help="Show the version and exit.")
@click.option("--site", type=click.Path(file_okay=False, path_type=Path), default=None,
              envvar="NEWSWIRE_SITE", help=_SITE_HELP)
@click.pass_context
def main(ctx: click.Context, site: Path | None) -> None:
    """Publish a folder of articles as RSS, Atom and JSON feeds plus article pages.

    Reads feeds/site.toml, feeds/<name>.toml and content/**, writes public/.
    """
    ctx.obj = Context(site)


class _ProgressBar:
    """``click.progressbar`` on stderr for the long stages of a long build.

    A stage of fewer than :attr:`threshold` items shows nothing, and neither
    does anything when stderr is not a terminal (cron, pipes, logs).
    """

    threshold = 200

    def __init__(self) -> None:
        self.stage: str | None = None
        self.bar: Any = None
        self.done = 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if total < self.threshold:
            return
        if stage != self.stage:
            self.close()
            self.stage, self.done = stage, 0
            self.bar = click.progressbar(length=total, label=stage.ljust(16),
                                         file=sys.stderr, show_eta=True)
            self.bar.__enter__()
        self.bar.update(done - self.done)
        self.done = done

    def close(self) -> None:
        """Finish the bar being shown, if any."""
        if self.bar is not None:
            self.bar.update(self.bar.length - self.done)
            self.bar.__exit__(None, None, None)
            self.bar = None


@main.command("build")
@selection_options
@click.option("--strict", is_flag=True,
              help="Fail (exit 1, publish nothing) if any article has an error.")
@click.option("--wait", type=_Seconds(min=0), default=0, show_default=True,
              help="Seconds to wait for another running build of this site; then exit 75.")
@click.option("-q", "--quiet", is_flag=True,
              help="Print nothing unless there is a warning or an error (for cron).")
@click.option("-v", "--verbose", is_flag=True,
              help="Also list every file written or removed, and what was read.")
@click.option("--ping", is_flag=True,
              help="Then notify the WebSub hub of the feeds that changed (see 'ping'); "
                   "a failing hub never fails the build.")
@click.pass_obj
def build_command(obj: Context, now_text: str | None, drafts: bool, future: bool,
                  strict: bool, wait: float, quiet: bool, verbose: bool, ping: bool) -> None:
    """Read, render, validate and publish the site to public/.

    Unchanged files are not rewritten; every changed file is replaced
    atomically, pages before the feeds that link to them. A build where
    nothing changed costs little and writes nothing. Exit 0 on success
    (warnings allowed), 1 if any article or output had an error, 2 on usage
    errors, 75 if another build of this site held the lock after --wait seconds.
    """
    if quiet and verbose:
        raise click.UsageError("--quiet and --verbose cannot be used together")
    bar = _ProgressBar() if not quiet and sys.stderr.isatty() else None
    options = BuildOptions(now=_parse_now(now_text), drafts=drafts, future=future,
                           strict=strict, wait=wait, progress=bar)
    try:
        report = build(obj.site, options)
    except LockTimeout as exc:
        click.echo(str(exc), err=True)
        sys.exit(exc.exit_status)
    except NewswireError as exc:
        raise Reported(str(exc)) from None
    except OSError as exc:  # the site's files themselves (permissions, a file for a folder)
        where = exc.filename or obj.site.resolve()
        raise Reported(f"{where}: error: {exc.strerror or exc}; check the site's files "
                       "and permissions") from None
    finally:
        if bar is not None:
            bar.close()
    _print_report(report, quiet, verbose, strict)
    if ping and report.result is not None:
        _ping(obj.site, _build_ping_settings(), quiet, warn_only=True)
    if report.errors:
        sys.exit(1)


def _print_report(report: BuildReport, quiet: bool, verbose: bool, strict: bool) -> None:
    """Diagnostics on stderr; with --verbose every file; unless --quiet, the
    removed articles and a one-line summary on stdout. With --quiet the
    summary is printed (on stderr) only when there was something to say."""
    _echo_diagnostics(report.diagnostics)
    if verbose:
        if report.unchanged:
            click.echo("nothing changed since the last build: nothing to do")
        else:
            click.echo(f"read {report.parsed} article file(s), the others were unchanged")
    if verbose and report.result:
        for path in report.result.written:
            click.echo(f"wrote public/{printable(path)}")
    if not quiet and report.result:
        for path in report.result.removed:
            click.echo(f"removed public/{printable(path)}")
    if not quiet and report.removed:
        click.echo("no longer published: "
                   + ", ".join(f"content/{printable(s)}" for s in report.removed))
    if strict and report.errors and report.result is None:
        click.echo(f"--strict: {len(report.errors)} error(s); nothing published", err=True)
    if not quiet or report.diagnostics:  # an error or a warning
        click.echo(report.summary(), err=quiet)


# the ping defaults (seconds, tries, seconds); websub is imported only to ping
_PING_TIMEOUT, _PING_RETRIES, _PING_BACKOFF = 10.0, 3, 1.0


def _ping_settings(timeout: float = _PING_TIMEOUT, retries: int = _PING_RETRIES,
                   backoff: float = _PING_BACKOFF) -> PingSettings:
    from .websub import PingSettings

    return PingSettings(timeout=timeout, retries=retries, backoff=backoff)


def _build_ping_settings() -> PingSettings:
    """The settings of ``build --ping``: those of ``ping`` without options."""
    return _ping_settings()


def _ping(root: Path, settings: PingSettings, quiet: bool, warn_only: bool) -> bool:
    """Deliver the site's queued hub notifications and print what happened.

    Returns True when nothing is left pending.
    """
    from .config import load_feeds, load_site
    from .websub import PingQueue, configured_topics, deliver

    paths = SitePaths(root)
    try:
        site, feeds = load_site(paths.feeds), load_feeds(paths.feeds)
        wanted = {n.key for n in configured_topics(site, feeds).values()}
        report = deliver(PingQueue(paths.state_dir), wanted, settings)
    except NewswireError as exc:
        if warn_only:
            _echo_diagnostic(exc.diagnostic("warning"))
            return False
        raise Reported(str(exc)) from None
    if not (wanted or report.delivered or report.failed or report.dropped):
        if not quiet:
            click.echo("no WebSub hub configured, so none to notify: set 'hub' in "
                       "feeds/site.toml (or in a feed's file) to have one told of new items")
        return True
    for d in report.delivered:
        if not quiet:
            click.echo(printable(f"notified {d.notification.hub} of {d.notification.topic} "
                                 f"({d.message})"))
    for d in report.failed:
        tries = f" after {d.attempts} attempt{'' if d.attempts == 1 else 's'}" \
            if d.attempts else ""
        click.echo(printable(f"warning: hub {d.notification.hub} not notified of "
                             f"{d.notification.topic}: {d.message}{tries}; kept for the "
                             "next 'newswire ping'"), err=True)
    for n in report.dropped:
        if not quiet:
            click.echo(printable(f"dropped the notification of {n.topic} to {n.hub}: the "
                                 "feed no longer names that hub"))
    if not quiet or report.failed:
        click.echo(report.summary(), err=bool(report.failed))
    return not report.failed


@main.command("ping")
@click.option("--timeout", type=_Seconds(min=0.1), default=_PING_TIMEOUT,
              show_default=True, help="Seconds to wait for each answer from the hub.")
@click.option("--retries", type=click.IntRange(min=0), default=_PING_RETRIES,
              show_default=True, help="Further attempts after a timeout, a refused "
              "connection or a 5xx/429 answer.")
@click.option("--backoff", type=_Seconds(min=0), default=_PING_BACKOFF,
              show_default=True, help="Seconds before the first retry; doubled each time.")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing unless something failed.")
@click.pass_obj
def ping_command(obj: Context, timeout: float, retries: int, backoff: float,
                 quiet: bool) -> None:
    """Notify the WebSub hub of the feeds changed by builds since the last ping.

    Every build queues the subscription feeds whose bytes changed (for feeds
    with a 'hub') in the database of derived records (.newswire/derived.sqlite);
    this sends each one as a form-encoded POST (hub.mode=publish,
    hub.url=FEED URL). What a hub did not
    accept stays queued for the next run. Exit 0 when everything was
    delivered (or nothing was pending), 75 when something is left for later.
    """
    settings = _ping_settings(timeout, retries, backoff)
    if not _ping(obj.site, settings, quiet, warn_only=False):
        sys.exit(75)


@main.command("serve")
@click.option("--port", type=click.IntRange(min=0, max=65535), default=8000, show_default=True,
              help="TCP port on 127.0.0.1 (0 picks a free one).")
@selection_options
@click.option("--public", "serve_public", is_flag=True,
              help="Serve public/ as the last build left it, instead of a preview.")
@click.option("-q", "--quiet", is_flag=True, help="Do not log requests.")
@click.pass_obj
def serve_command(obj: Context, port: int, now_text: str | None, drafts: bool, future: bool,
                  serve_public: bool, quiet: bool) -> None:
    """Preview the site on http://127.0.0.1:PORT/ as it will be published.

    Builds the site into .newswire/preview/ with the local address as its
    base URL (links, stylesheets, images and feeds stay on localhost), and
    builds it again whenever a file under content/ or feeds/ changes: reload
    the page to see it. public/ and the identity ledger are never written.
    Responses carry the headers production sends: feed Content-Types
    (application/rss+xml, application/atom+xml, application/feed+json),
    ETag and Last-Modified (304 on If-None-Match / If-Modified-Since), and
    Link headers for the WebSub hub and self URL. Stop with Ctrl-C.
    """
    import gc
    import threading

    from .config import load_feeds, load_site
    from .preview import Preview, PreviewPaths, watch

    gc.enable()  # a long-running process (python -m newswire turns it off for one command)
    from .serve import feed_routes, make_server

    _parse_now(now_text)  # a wrong --now is a usage error now, not at every rebuild
    paths = SitePaths(obj.site)
    try:
        site, feeds = load_site(paths.feeds), load_feeds(paths.feeds)
    except NewswireError as exc:
        raise Reported(str(exc)) from None
    if serve_public and not paths.public.is_dir():
        raise click.ClickException(f"{printable(paths.public)}: no such folder; run "
                                   "'newswire build' first")
    folder = paths.public if serve_public else PreviewPaths(obj.site).public
    try:
        server = make_server(folder, site, feeds, port,
                             None if quiet else (lambda line: click.echo(printable(line),
                                                                         err=True)))
    except OSError as exc:
        raise click.ClickException(f"cannot listen on 127.0.0.1:{port}: {exc.strerror}; "
                                   "choose another --port") from None
    stop = threading.Event()
    if not serve_public:
        preview = Preview(obj.site, server.url)
        try:
            preview.start()
        except NewswireError as exc:
            server.server_close()
            raise Reported(str(exc)) from None

        def rebuild(changed: set[str]) -> None:
            """Build the preview; on success serve its feeds with the new settings."""
            try:
                report = preview.build(BuildOptions(now=_parse_now(now_text), drafts=drafts,
                                                    future=future))
                site_now = load_site(paths.feeds)
                server.routes = feed_routes(replace(site_now, base_url=server.url),
                                            load_feeds(paths.feeds))
            except (NewswireError, click.ClickException) as exc:
                click.echo(str(exc), err=True)
                click.echo("preview not updated; fix it and save again", err=True)
                return
            except OSError as exc:
                click.echo(f"{exc.filename or obj.site}: error: {exc.strerror or exc}",
                           err=True)
                return
            for d in report.diagnostics:
                _echo_diagnostic(d)
            click.echo(preview_line(len(changed), report.summary()), err=True)

    with server:
        try:
            if serve_public:
                click.echo(public_line(printable(paths.public), server.url, site.base_url),
                           err=True)
            else:
                # watching first: a file saved during the first build is built next
                threading.Thread(target=watch, args=([paths.content, paths.feeds], rebuild,
                                                     stop), daemon=True).start()
                rebuild(set())
                click.echo(f"Previewing {printable(obj.site.absolute())} at {server.url} "
                           "(rebuilt when content/ or feeds/ change; reload the page; "
                           "Ctrl-C to stop)", err=True)
            server.serve_forever()
        except KeyboardInterrupt:
            click.echo("stopped", err=True)
        finally:
            stop.set()


@main.command("validate")
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=False, path_type=Path))
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]),
              default="text", show_default=True, help="Output for people or for machines.")
@click.option("-q", "--quiet", is_flag=True,
              help="Print only the problems, not the line saying what was checked.")
@click.pass_obj
def validate_command(obj: Context, paths: tuple[Path, ...], strict: bool,
                     output_format: str, quiet: bool) -> None:
    """Validate RSS 2.0, Atom 1.0, JSON Feed 1.1 and OPML 2.0 files, or folders of them.

    Prints file:line: level: code: message for each problem, then what was
    checked (3 feeds, 0 errors, 0 warnings). A folder holding no feed is an
    error. Exit 1 if any error (or, with --strict, any warning).
    """
    from .validate import check_paths

    checked = check_paths(paths)
    findings = checked.findings
    if output_format == "json":
        click.echo(json.dumps({"feeds": checked.feeds, "opml": checked.opml,
                               "errors": checked.errors, "warnings": checked.warnings,
                               "files": checked.kinds,
                               "findings": [f.__dict__ for f in findings]}, indent=2))
    else:
        for finding in findings:
            click.echo(str(finding))
        if not quiet:
            click.echo(checked.summary())
    failing = [f for f in findings if f.level == "error" or (strict and f.level == "warning")]
    if failing:
        sys.exit(1)


@main.command("new")
@click.argument("title")
@click.option("--now", "now_text", metavar="DATETIME",
              help="The article's date (default: SOURCE_DATE_EPOCH, else the clock).")
@click.option("--slug", help="The file name and URL slug (default: from the title).")
@click.pass_obj
def new_command(obj: Context, title: str, now_text: str | None, slug: str | None) -> None:
    """Write a new Markdown article with front matter and a permanent id.

    The file goes to content/YYYY/MM/<slug>.md (the date in the site's time
    zone); its 'id' is a urn:uuid that never changes, whatever is edited
    later. It starts as a draft: set 'draft: false' to publish it.
    """
    from .authoring import new_article
    from .config import load_site

    if not title.strip():
        raise click.BadParameter("must not be empty", param_hint="TITLE")
    paths = SitePaths(obj.site)
    try:
        site = load_site(paths.feeds)
        path = new_article(paths.content, title, _parse_now(now_text).astimezone(site.timezone),
                           slug)
    except NewswireError as exc:
        raise Reported(str(exc)) from None
    click.echo(printable(path))


@main.command("list")
@selection_options
@click.option("--format", "output_format", type=click.Choice(["text", "json"]),
              default="text", show_default=True, help="Output for people or for machines.")
@click.pass_obj
def list_command(obj: Context, now_text: str | None, drafts: bool, future: bool,
                 output_format: str) -> None:
    """List the articles a build would publish, newest first: date, title
    (drafts and future articles marked), URL, id, source file and the feeds
    each is in.

    Ids and URLs are those recorded by earlier builds (or that the next build
    will record). Problems with articles are printed on stderr, and make the
    exit status 1, as they do for build.
    """
    from .listing import list_articles

    options = BuildOptions(now=_parse_now(now_text), drafts=drafts, future=future)
    report = BuildReport()
    left_out: dict[str, int] = {}
    try:
        rows = list_articles(obj.site, options, report, left_out)
    except NewswireError as exc:
        raise Reported(str(exc)) from None
    for d in report.diagnostics:
        _echo_diagnostic(d)
    if output_format == "json":
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        for row in rows:
            marks = "".join(f"  [{mark}]" for mark in ("draft", "future") if row[mark])
            click.echo(f"{row['published']}  {printable(row['title'])}{marks}\n"
                       f"    {printable(row['url'])}  {printable(row['id'])}\n"
                       f"    content/{printable(row['source'])}  "
                       f"feeds: {printable(', '.join(row['feeds'])) or '-'}")
        hidden = [f"{n} {what}" for n, what in (
            (left_out.get("drafts", 0), "draft(s) (--drafts)"),
            (left_out.get("future", 0), "article(s) dated after now (--future)")) if n]
        if not rows or hidden:
            click.echo(f"{len(rows)} article(s) listed" + (
                "; not listed: " + ", ".join(hidden) if hidden else ""), err=True)
    if report.errors:
        sys.exit(1)


def _own_command() -> str:
    """How cron should run this newswire: the script's absolute path when it
    was started as ``newswire``, else ``python -m newswire``."""
    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if script is not None and script.name == "newswire" and script.is_file():
        return shlex.quote(str(script.absolute()))
    return f"{shlex.quote(sys.executable)} -m newswire"


def _shown_command() -> str:
    """``newswire`` when that name runs this very script, else how to run it."""
    import shutil

    found = shutil.which("newswire")
    mine = _own_command()
    if found is not None and mine.strip("'") == str(Path(found).absolute()):
        return "newswire"
    return mine


def cron_line(site: Path, command: str) -> str:
    """The crontab line that builds ``site`` every five minutes (README,
    Building by cron): quiet unless something is wrong, waiting for a
    running build."""
    return (f"*/5 * * * *  cd {shlex.quote(str(site.absolute()))} && {command} build "
            "--quiet --wait 60")


@main.command("init")
@click.argument("directory", required=False,
                type=click.Path(file_okay=False, path_type=Path))
@click.option("--base-url", metavar="URL",
              help="The address the site will be served from (default: a placeholder "
                   "to replace in feeds/site.toml).")
@click.option("--timezone", metavar="ZONE",
              help="IANA time zone for dates without an offset (default: the system's, "
                   "else UTC).")
@click.option("--language", metavar="TAG",
              help="BCP 47 language of the site (default: from the locale, else en).")
@click.pass_obj
def init_command(obj: Context, directory: Path | None, base_url: str | None,
                 timezone: str | None, language: str | None) -> None:
    """Create a working site in DIRECTORY (default: the site folder), empty or new.

    Writes feeds/site.toml (title from the folder's name), feeds/main.toml,
    a sample article content/welcome.md and a .gitignore for public/ and
    .newswire/ (but the files to commit), then prints what to do next and
    the crontab line. Never overwrites a file: exit 1 naming it.
    """
    from .scaffold import init_site

    root = directory if directory is not None else obj.site
    try:
        result = init_site(root, _parse_now(None), base_url, timezone, language)
    except NewswireError as exc:
        raise Reported(str(exc)) from None
    for name in result.files:
        click.echo(f"wrote {printable(root / name)}")
    me = _shown_command()
    lines = ["", f"A site is ready in {printable(result.root)}."]
    if result.placeholder:
        lines.append(f"Set base_url in {printable(root / 'feeds/site.toml')} (now the placeholder "
                     f"{result.base_url}) to the address it will be served from.")
    lines.append("Next:")
    if root.absolute() != Path.cwd():
        lines.append(f"  cd {printable(shlex.quote(str(root)))}")
    lines += [f"  {me} serve           preview it on http://127.0.0.1:8000/",
              f"  {me} new \"A title\"   write an article (a draft until 'draft: false')",
              f"  {me} build           publish it to public/",
              "Build it every five minutes from cron ('crontab -e'):",
              "  " + printable(cron_line(result.root, _own_command()))]
    click.echo("\n".join(lines))


if __name__ == "__main__":  # pragma: no cover
    main()
