"""Articles as plain values: what the database stores instead of objects.

A parsed :class:`~newswire.model.Article` is written as JSON built from
plain types only (text, numbers, booleans, null, lists), with a tag for each
value JSON lacks (tuple, mapping, date and time, time zone, the model's own
dataclasses). Reading it back builds nothing but those types, and checks
every field of the article against its annotation: a row that does not fit
exactly is a cache miss, never an error and never code that runs. A value
that cannot be written this way (a front-matter value of another type) makes
the article uncacheable: it is read again next time.
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


# -- the fast path: one decoder per field, made once from the annotations --

_Decode = Callable[[object], object]


@functools.cache
def _field_decoders(cls: type) -> tuple[tuple[str, _Decode], ...]:
    """``(name, decoder)`` for each field of one of the model's dataclasses: a
    decoder takes the stored value and returns the field's value, or raises
    ValueError when it is not exactly what :func:`_plain` writes for a value
    of the field's type. Made once per class (the model never changes while
    running)."""
    hints = typing.get_type_hints(cls)
    return tuple((f.name, _decoder(hints[f.name])) for f in dataclasses.fields(cls))


def _decoder(hint: Any) -> _Decode:
    """A decoder (see :func:`_field_decoders`) for values of the type ``hint``
    names. Plain text, numbers, dates and the model's own classes, alone, in
    ``X | None`` or in ``tuple[X, ...]``, are decoded in place; any other
    form goes through :func:`_value` and the check :func:`_checker` makes."""
    if hint in (str, int, bool):
        return _PLAIN[hint]
    if hint is datetime:
        return _decode_datetime
    if isinstance(hint, type) and _DATACLASSES.get(hint.__name__) is hint:
        return functools.partial(_decode_model, hint)
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType) and len(args) == 2 and type(None) in args:
        if str in args:
            return _optional_text
        inner = _decoder(args[0] if args[1] is type(None) else args[1])

        def optional(value: object) -> object:
            return None if value is None else inner(value)
        return optional
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis \
            and (args[0] in (str, int) or _DATACLASSES.get(getattr(args[0], "__name__", ""))
                 is args[0]):
        item = _decoder(args[0])

        def items(value: object) -> object:
            if type(value) is not dict or len(value) != 1:  # type: ignore[arg-type]
                raise ValueError("not a tuple")
            stored = value.get("tuple")  # type: ignore[attr-defined]
            if type(stored) is not list:
                raise ValueError("not a tuple")
            return tuple([item(v) for v in stored])
        return items
    check = _checker(hint)

    def generic(value: object) -> object:
        value = _value(value)
        if not check(value):
            raise ValueError("wrong type")
        return value
    return generic


def _plain_decoder(kind: type) -> _Decode:
    def plain(value: object) -> object:
        if type(value) is kind:
            return value
        raise ValueError("wrong type")
    return plain


def _optional_text(value: object) -> object:
    if value is None or type(value) is str:
        return value
    raise ValueError("wrong type")


_PLAIN = {kind: _plain_decoder(kind) for kind in (str, int, bool)}


def _decode_datetime(value: object) -> datetime:
    """A date and time as :func:`_plain` writes it (tag, text, zone, fold)."""
    if type(value) is not dict or len(value) != 3:  # type: ignore[arg-type]
        raise ValueError("not a datetime")
    text = value.get("datetime")  # type: ignore[attr-defined]
    fold = value.get("fold")  # type: ignore[attr-defined]
    if type(text) is not str or type(fold) is not int or fold not in (0, 1) \
            or "tz" not in value:  # type: ignore[operator]
        raise ValueError("not a datetime")
    moment = datetime.fromisoformat(text)
    return moment.replace(tzinfo=_unzone(value["tz"]), fold=fold)  # type: ignore[index]


def _decode_model(cls: type, value: object) -> object:
    """One of the model's dataclasses as :func:`_plain` writes it."""
    if type(value) is not dict or len(value) != 2 \
            or value.get("model") != cls.__name__:  # type: ignore[attr-defined]
        raise ValueError(f"not a {cls.__name__}")
    return _model_fields(cls, value.get("fields"))  # type: ignore[attr-defined]


def _model_fields(cls: type, given: object) -> object:
    """An instance of ``cls`` from its stored fields, each decoded by its
    field's decoder; exactly the class's fields must be there."""
    decoders = _field_decoders(cls)
    if type(given) is not dict or len(given) != len(decoders):  # type: ignore[arg-type]
        raise ValueError(f"fields of {cls.__name__} differ")
    try:
        values = {name: decode(given[name])  # type: ignore[index]
                  for name, decode in decoders}
    except KeyError:
        raise ValueError(f"fields of {cls.__name__} differ") from None
    return cls(**values)


def article_to_bytes(article: model.Article,
                     warnings: tuple[tuple[str, str, str | None, int | None], ...]) -> bytes:
    """An article and its reader's warnings as stored bytes: one line of
    JSON (everything but the body, and the warnings), a newline, then the
    body as UTF-8 (decoding text is many times faster than decoding the
    same text as an escaped JSON string).

    Raises:
        Unstorable: the article holds a value of a type not stored.
    """
    try:
        text = json.dumps([_plain(dataclasses.replace(article, body_html="")),
                           [list(w) for w in warnings]],
                          ensure_ascii=True, separators=(",", ":"), check_circular=False)
    except (RecursionError, ValueError) as exc:
        raise Unstorable(str(exc)) from None
    return text.encode("ascii") + b"\n" + article.body_html.encode("utf-8", "surrogatepass")


def article_from_bytes(data: bytes, source: str) -> tuple[
        model.Article, tuple[tuple[str, str, str | None, int | None], ...]] | None:
    """The article and warnings :func:`article_to_bytes` stored for ``source``;
    None when the bytes are anything else (damaged, of another version, of
    another article, a field of the wrong type)."""
    head, newline, body = data.partition(b"\n")
    try:
        obj = load_json(head)
        if not (newline and isinstance(obj, list) and len(obj) == 2
                and isinstance(obj[1], list) and isinstance(obj[0], dict)
                and isinstance(obj[0].get("fields"), dict)
                and obj[0]["fields"].get("body_html") == ""):
            return None
        obj[0]["fields"]["body_html"] = body.decode("utf-8", "surrogatepass")
        article = _decode_model(model.Article, obj[0])
        warnings = tuple(tuple(w) for w in obj[1] if isinstance(w, list))
    except (ValueError, TypeError, KeyError, RecursionError, OverflowError):
        return None
    if not isinstance(article, model.Article) or article.source != source \
            or len(warnings) != len(obj[1]) or not all(_valid_warning(w) for w in warnings):
        return None
    return article, warnings  # type: ignore[return-value]


def _valid_warning(row: tuple[object, ...]) -> bool:
    return (len(row) == 4 and isinstance(row[0], str) and isinstance(row[1], str)
            and (row[2] is None or isinstance(row[2], str))
            and (row[3] is None or type(row[3]) is int))
