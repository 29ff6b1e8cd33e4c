"""Articles as plain values: what the database stores instead of objects.

A parsed :class:`~newswire.model.Article` is written as JSON built from
plain types only (text, numbers, booleans, null, lists): flat, each field's
value in the form its annotation calls for (a date and time as a list of its
text, zone and fold; one of the model's dataclasses as the list of its
fields), and only where the annotation leaves the type open (front-matter
keys newswire does not use) with a tag for each value JSON lacks (tuple,
mapping, date and time, time zone). Reading it back builds nothing but
those types, and checks every field of the article against its annotation:
a row that does not fit exactly is a cache miss, never an error and never
code that runs. A value that cannot be written this way (a front-matter
value of another type) makes the article uncacheable: it is read again next
time.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import types
import typing
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .. import model
from ..safeio import load_json

__all__ = ["Unstorable", "article_from_bytes", "article_to_bytes"]


class Unstorable(ValueError):
    """A value the database does not store."""


_DATACLASSES = {name: cls for name, cls in vars(model).items()
                if isinstance(cls, type) and dataclasses.is_dataclass(cls)
                and cls.__module__ == model.__name__}


def _zone(value: tzinfo | None) -> object:
    if value is None:
        return None
    if isinstance(value, ZoneInfo):
        if value.key is None:
            raise Unstorable("a time zone without a name")
        return ["zone", value.key]
    if type(value) is timezone:
        offset = value.utcoffset(None)
        name = value.tzname(None)
        return ["offset", offset.days * 86400 + offset.seconds, offset.microseconds, name]
    module = type(value).__module__
    if module.startswith("dateutil."):
        from dateutil import tz
        if isinstance(value, tz.tzutc):
            return ["tzutc"]
        if isinstance(value, tz.tzoffset):
            offset = value.utcoffset(None)
            assert offset is not None
            return ["tzoffset", value.tzname(None), offset.days * 86400 + offset.seconds]
    raise Unstorable(f"time zone {type(value).__name__}")


def _unzone(obj: object) -> tzinfo | None:
    if obj is None:
        return None
    if not isinstance(obj, list) or not obj or not isinstance(obj[0], str):
        raise ValueError("not a time zone")
    kind = obj[0]
    if kind == "zone" and len(obj) == 2 and isinstance(obj[1], str):
        try:
            return ZoneInfo(obj[1])
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError("unknown zone") from exc
    if kind == "offset" and len(obj) == 4 and all(isinstance(n, int) for n in obj[1:3]) \
            and isinstance(obj[3], str):
        offset = timedelta(seconds=obj[1], microseconds=obj[2])
        return timezone.utc if offset == timedelta(0) and obj[3] == "UTC" \
            else timezone(offset, obj[3])
    if kind == "tzutc" and len(obj) == 1:
        from dateutil import tz
        return tz.tzutc()
    if kind == "tzoffset" and len(obj) == 3 and (obj[1] is None or isinstance(obj[1], str)) \
            and isinstance(obj[2], int):
        from dateutil import tz
        return tz.tzoffset(obj[1], obj[2])
    raise ValueError("not a time zone")


def _plain(value: object) -> object:
    """``value`` as JSON-ready plain types, tagged where JSON has no type."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if type(value) in (int, float):
        return value
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, tuple):
        return {"tuple": [_plain(v) for v in value]}
    if isinstance(value, dict):
        return {"map": [[_plain(k), _plain(v)] for k, v in value.items()]}
    if type(value) is datetime:
        return {"datetime": value.replace(tzinfo=None).isoformat(),
                "tz": _zone(value.tzinfo), "fold": value.fold}
    if type(value) is date:
        return {"date": value.isoformat()}
    if type(value) is time:
        return {"time": value.replace(tzinfo=None).isoformat(), "tz": _zone(value.tzinfo)}
    if type(value).__name__ in _DATACLASSES and type(value) is _DATACLASSES[type(value).__name__]:
        return {"model": type(value).__name__,
                "fields": {f.name: _plain(getattr(value, f.name))
                           for f in dataclasses.fields(value)}}  # type: ignore[arg-type]
    raise Unstorable(f"a value of type {type(value).__name__}")


def _value(obj: object) -> object:
    """The inverse of :func:`_plain`; raises ValueError on anything else."""
    kind = type(obj)
    if kind is str or kind is int or kind is bool or kind is float or obj is None:
        return obj
    if kind is list:
        return [_value(v) for v in obj]  # type: ignore[attr-defined]
    if kind is not dict or len(obj) not in (1, 2, 3):  # type: ignore[arg-type]
        raise ValueError("not a stored value")
    tag: dict[str, Any] = obj  # type: ignore[assignment]
    if "model" in tag and tag["model"] in _DATACLASSES and type(tag.get("fields")) is dict:
        return _model_value(_DATACLASSES[tag["model"]], tag["fields"])
    if "tuple" in tag and type(tag["tuple"]) is list:
        return tuple([_value(v) for v in tag["tuple"]])
    if "datetime" in tag and type(tag["datetime"]) is str and tag.get("fold") in (0, 1):
        moment = datetime.fromisoformat(tag["datetime"])
        return moment.replace(tzinfo=_unzone(tag.get("tz")), fold=tag["fold"])
    if "map" in tag and type(tag["map"]) is list:
        pairs = [(_value(p[0]), _value(p[1])) for p in tag["map"]
                 if type(p) is list and len(p) == 2]
        if len(pairs) != len(tag["map"]):
            raise ValueError("not a mapping")
        return dict(pairs)
    if "date" in tag and type(tag["date"]) is str:
        return date.fromisoformat(tag["date"])
    if "time" in tag and type(tag["time"]) is str:
        return time.fromisoformat(tag["time"]).replace(tzinfo=_unzone(tag.get("tz")))
    raise ValueError("not a stored value")


def _model_value(cls: type, given: dict[str, object]) -> object:
    """One of the model's dataclasses from its stored fields, every field
    checked against its annotation."""
    hints = _hints(cls)
    if given.keys() != hints.keys():
        raise ValueError(f"fields of {cls.__name__} differ")
    values = {}
    for name, stored in given.items():
        value = stored if type(stored) is str else _value(stored)
        if not hints[name](value):
            raise ValueError(f"{cls.__name__}.{name} has the wrong type")
        values[name] = value
    return cls(**values)


@functools.cache
def _hints(cls: type) -> dict[str, Callable[[object], bool]]:
    """A type check per field of one of the model's dataclasses, made from
    its annotations once (the model's classes never change while running)."""
    hints = typing.get_type_hints(cls)
    return {f.name: _checker(hints[f.name]) for f in dataclasses.fields(cls)}


def _checker(hint: Any) -> Callable[[object], bool]:
    """A function telling whether a value has the type an annotation names
    (the forms the model uses: plain classes, ``X | None``,
    ``tuple[X, ...]``, ``tuple[X, Y]``, ``Any``)."""
    if hint is Any:
        return lambda value: True
    if hint is type(None):
        return lambda value: value is None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(hint)
        if len(args) == 2 and type(None) in args:  # ``X | None``, the common case
            inner = _checker(args[0] if args[1] is type(None) else args[1])
            return lambda value: value is None or inner(value)
        options = [_checker(h) for h in args]
        return lambda value: any(check(value) for check in options)
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            if args[0] is str:
                return lambda value: isinstance(value, tuple) and \
                    all(type(v) is str for v in value)
            item = _checker(args[0])
            return lambda value: isinstance(value, tuple) and all(item(v) for v in value)
        items = [_checker(h) for h in args]
        return lambda value: (isinstance(value, tuple) and len(value) == len(items)
                              and all(check(v) for check, v in zip(items, value)))
    if origin is not None:
        return lambda value: isinstance(value, origin)
    if hint is float:
        return lambda value: type(value) in (int, float)
    if hint in (int, bool, str, datetime):
        return lambda value: type(value) is hint
    return lambda value: isinstance(value, hint)


# -- flat records: one codec per field, made once from the annotations ------

_Code = Callable[[object], object]

FORMAT = "article/2"
"""The first value of every stored record: a record of another layout (an
older newswire's, or anything else) is never decoded."""


@functools.cache
def _codec(hint: Any) -> tuple[_Code, _Code]:
    """``(encode, decode)`` for values of the type ``hint`` names.

    Stored values are flat, their meaning given by the field they are in:
    text, numbers and booleans as they are; a date and time as ``[ISO text
    without offset, zone, fold]``; one of the model's dataclasses as the
    list of its fields' values in order; ``tuple[X, ...]`` as a list; ``X |
    None`` as null or X. Any other form (``Any``, ``tuple[str, Any]``) is
    tagged by :func:`_plain`, and read back by :func:`_value` and checked
    against ``hint``. ``encode`` raises :class:`Unstorable` for a value of
    another type; ``decode`` raises ValueError for anything but what
    ``encode`` writes.
    """
    if hint is str:
        return _text, _same_type(str, ValueError)
    if hint in (int, bool):
        return _same_type(hint), _same_type(hint, ValueError)
    if hint is datetime:
        return _encode_datetime, _decode_datetime
    if isinstance(hint, type) and _DATACLASSES.get(hint.__name__) is hint:
        return functools.partial(_encode_model, hint), functools.partial(_decode_model, hint)
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType) and len(args) == 2 and type(None) in args:
        encode, decode = _codec(args[0] if args[1] is type(None) else args[1])
        return (lambda value: None if value is None else encode(value),
                lambda value: None if value is None else decode(value))
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis \
            and (args[0] in (str, int) or _DATACLASSES.get(getattr(args[0], "__name__", ""))
                 is args[0]):
        encode_item, decode_item = _codec(args[0])

        def encode_items(value: object) -> object:
            if type(value) is not tuple:
                raise Unstorable(f"a {type(value).__name__} where a tuple goes")
            return [encode_item(v) for v in value]  # type: ignore[attr-defined]

        def decode_items(value: object) -> object:
            if type(value) is not list:
                raise ValueError("not a list")
            return tuple([decode_item(v) for v in value])  # type: ignore[attr-defined]
        return encode_items, decode_items
    check = _checker(hint)

    def encode_tagged(value: object) -> object:
        if not check(value):
            raise Unstorable(f"a {type(value).__name__} where {hint} goes")
        return _plain(value)

    def decode_tagged(value: object) -> object:
        value = _value(value)
        if not check(value):
            raise ValueError("wrong type")
        return value
    return encode_tagged, decode_tagged


def _same_type(kind: type, error: type[Exception] = Unstorable) -> _Code:
    """The value itself, when it is exactly of ``kind`` (not a subclass: a
    bool is no int), else ``error``."""
    def same(value: object) -> object:
        if type(value) is kind:
            return value
        raise error(f"a {type(value).__name__} where a {kind.__name__} goes")
    return same


def _text(value: object) -> object:
    if isinstance(value, str):  # a subclass of str is stored, and read back, as text
        return value
    raise Unstorable(f"a {type(value).__name__} where text goes")


def _encode_datetime(value: object) -> object:
    if type(value) is not datetime:
        raise Unstorable(f"a {type(value).__name__} where a datetime goes")
    return [value.replace(tzinfo=None).isoformat(), _zone(value.tzinfo), value.fold]


def _decode_datetime(value: object) -> datetime:
    if type(value) is not list or len(value) != 3:  # type: ignore[arg-type]
        raise ValueError("not a datetime")
    text, zone, fold = value  # type: ignore[misc]
    if type(text) is not str or (fold != 0 and fold != 1) or type(fold) is not int:
        raise ValueError("not a datetime")
    return datetime.fromisoformat(text).replace(tzinfo=_unzone(zone), fold=fold)


@functools.cache
def _fields(cls: type) -> tuple[tuple[str, _Code, _Code, frozenset[type]], ...]:
    """``(name, encode, decode, kept)`` of each field of one of the model's
    dataclasses, in order (made once: the model never changes while
    running); ``kept``: the types of stored values that are the field's
    value as they are (``str`` and ``NoneType`` for ``str | None``), which
    decoding takes without a call."""
    hints = typing.get_type_hints(cls)
    return tuple((f.name, *_codec(hints[f.name]), _kept(hints[f.name]))
                 for f in dataclasses.fields(cls))


def _kept(hint: Any) -> frozenset[type]:
    """The types :func:`_codec` decodes as they are for ``hint``."""
    if hint in (str, int, bool):
        return frozenset([hint])
    args = typing.get_args(hint)
    if typing.get_origin(hint) in (typing.Union, types.UnionType) and len(args) == 2 \
            and type(None) in args:
        return frozenset([type(None)]) | _kept(args[0] if args[1] is type(None) else args[1])
    return frozenset()


def _encode_model(cls: type, value: object) -> list[object]:
    if type(value) is not cls:
        raise Unstorable(f"a {type(value).__name__} where a {cls.__name__} goes")
    return [encode(getattr(value, name)) for name, encode, _, _ in _fields(cls)]


def _decode_model(cls: type, value: object) -> object:
    """An instance of ``cls`` from the list of its fields' stored values."""
    fields = _fields(cls)
    if type(value) is not list or len(value) != len(fields):  # type: ignore[arg-type]
        raise ValueError(f"not a {cls.__name__}")
    return cls(*[v if type(v) in kept else decode(v)  # type: ignore[arg-type]
                 for (_, _, decode, kept), v in zip(fields, value)])  # type: ignore[arg-type]


_BODY = next(i for i, f in enumerate(dataclasses.fields(model.Article)) if f.name == "body_html")
_SOURCE = next(i for i, f in enumerate(dataclasses.fields(model.Article)) if f.name == "source")


def article_to_bytes(article: model.Article,
                     warnings: tuple[tuple[str, str, str | None, int | None], ...]) -> bytes:
    """An article and its reader's warnings as stored bytes: one line of
    JSON, ``[FORMAT, the article's fields in order, the warnings]`` with an
    empty body (each field stored flat, see :func:`_codec`), a newline, then
    the body as UTF-8 (decoding text is many times faster than decoding the
    same text as an escaped JSON string).

    Raises:
        Unstorable: the article holds a value of a type not stored.
    """
    try:
        fields = _encode_model(model.Article, article)
        fields[_BODY] = ""
        text = json.dumps([FORMAT, fields, [list(w) for w in warnings]],
                          ensure_ascii=True, separators=(",", ":"), check_circular=False)
    except (RecursionError, ValueError) as exc:
        raise Unstorable(str(exc)) from None
    return text.encode("ascii") + b"\n" + article.body_html.encode("utf-8", "surrogatepass")


def article_from_bytes(data: bytes, source: str) -> tuple[
        model.Article, tuple[tuple[str, str, str | None, int | None], ...]] | None:
    """The article and warnings :func:`article_to_bytes` stored for ``source``;
    None when the bytes are anything else (damaged, of another layout, of
    another article, a field of the wrong type): every field is checked
    against the model's annotation, and nothing but the model's classes and
    plain values is made."""
    head, newline, body = data.partition(b"\n")
    try:
        obj = load_json(head)
        if not (newline and type(obj) is list and len(obj) == 3 and obj[0] == FORMAT
                and type(obj[1]) is list and len(obj[1]) > _BODY and obj[1][_BODY] == ""
                and obj[1][_SOURCE] == source and type(obj[2]) is list):
            return None
        obj[1][_BODY] = body.decode("utf-8", "surrogatepass")
        article = _decode_model(model.Article, obj[1])
        warnings = tuple(tuple(w) for w in obj[2] if type(w) is list)
    except (ValueError, TypeError, KeyError, RecursionError, OverflowError):
        return None
    if len(warnings) != len(obj[2]) or not all(_valid_warning(w) for w in warnings):
        return None
    return article, warnings  # type: ignore[return-value]


def _valid_warning(row: tuple[object, ...]) -> bool:
    return (len(row) == 4 and isinstance(row[0], str) and isinstance(row[1], str)
            and (row[2] is None or isinstance(row[2], str))
            and (row[3] is None or type(row[3]) is int))
