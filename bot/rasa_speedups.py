"""Work Rasa 3.6.21 repeats on every turn that gives the same answer every time, done once.

Installed by the conversation store (bot/tracker_store.py), so only in the Rasa server,
and only on the Rasa version these were checked against (`RASA_VERSION`); on any other,
nothing is changed. Each patch gives the same results and raises the same errors as the
code it replaces (tests/bot/test_rasa_speedups.py compares them):

* a custom action's reply is checked against Rasa's response schema: Rasa's
  `RemoteAction._validate_action_result` calls `jsonschema.validate`, which checks the
  schema against its meta-schema and builds a validator on every call; here one
  validator, built once, checks each reply and the first error is picked as
  `jsonschema.validate` picks it;
* `Event.resolve_by_type`, called for every event each time a conversation is read from
  the store (so more often the longer the conversation), walks every subclass of
  `Event` looking for the type name; here a table built by that same walk answers,
  rebuilt when a new subclass of `Event` is defined, and anything not in it (unknown
  names, "topic", a default) goes to Rasa's own code;
* the numeric libraries (OpenBLAS, OpenMP, MKL) run on one thread: a turn's matrix work
  is small, so a second thread mostly spins, taking a core from another conversation.
  Conversations run in parallel across Rasa processes instead.
"""

from __future__ import annotations

import logging
import os
import weakref
from typing import Any

logger = logging.getLogger(__name__)

#: The Rasa release whose code the patches were checked against.
RASA_VERSION = "3.6.21"
#: Read by OpenBLAS, OpenMP and MKL when they load: libraries loaded after `install`.
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")

_state: dict[str, bool] = {"installed": False, "skip_logged": False}


def install() -> bool:
    """Patches Rasa in this process once (idempotent); False, changing nothing, when the
    installed Rasa is not `RASA_VERSION`."""
    if _state["installed"]:
        return True
    import rasa

    if rasa.__version__ != RASA_VERSION:
        if not _state["skip_logged"]:
            _state["skip_logged"] = True
            logger.debug(
                "Rasa %s is not %s: its per-turn code is left as it is.",
                rasa.__version__,
                RASA_VERSION,
            )
        return False
    _validate_action_results_with_one_validator()
    _resolve_event_types_from_a_table()
    libraries = _one_thread_for_numeric_libraries()
    _state["installed"] = True
    logger.info(
        "Rasa speed-ups installed: one action reply validator, an event type table, "
        "one thread for %s.",
        ", ".join(libraries) or "numeric libraries loaded later",
    )
    return True


def installed() -> bool:
    return _state["installed"]


# --- a custom action's reply -------------------------------------------------------------


def _validate_action_results_with_one_validator() -> None:
    from jsonschema.exceptions import best_match
    from jsonschema.validators import validator_for
    from rasa.core.actions import action

    remote = action.RemoteAction
    rasa_validate = remote._validate_action_result
    rasa_spec = remote.action_response_format_spec
    schema = rasa_spec()
    # What jsonschema.validate(result, schema) does on each call, done once.
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)

    def _validate_action_result(self: Any, result: dict[str, Any]) -> bool:
        if type(self).action_response_format_spec is not rasa_spec:
            return rasa_validate(self, result)  # a subclass with a schema of its own
        error = best_match(validator.iter_errors(result))
        if error is None:
            return True
        # The same words as RemoteAction._validate_action_result adds (rasa 3.6.21).
        error.message += (
            f". Failed to validate Action server response from API, "
            f"make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit "
            f"{action.DOCS_BASE_URL}/custom-actions"
        )
        raise error

    _validate_action_result.__doc__ = rasa_validate.__doc__
    _validate_action_result.rasa_original = rasa_validate  # type: ignore[attr-defined]
    remote._validate_action_result = _validate_action_result


# --- event types -------------------------------------------------------------------------


def _resolve_event_types_from_a_table() -> None:
    from rasa.shared.core.events import Event
    from rasa.shared.utils.common import all_subclasses

    rasa_resolve = Event.resolve_by_type
    # Weak, so a subclass that goes away is not kept alive by the table: its name then
    # misses and Rasa's walk answers without it, as it would have.
    table: weakref.WeakValueDictionary[str, type] = weakref.WeakValueDictionary()
    stale = [True]

    def rebuild() -> None:
        table.clear()
        for event_class in all_subclasses(Event):
            # The walk returns the first class with the name: keep the first.
            table.setdefault(event_class.type_name, event_class)
        stale[0] = False

    def resolve_by_type(type_name: str, default: type | None = None) -> type | None:
        if isinstance(type_name, str):
            if stale[0]:
                rebuild()
            found = table.get(type_name)
            if found is not None:
                return found
        return rasa_resolve(type_name, default)

    def note_new_event_class(cls: type, **kwargs: Any) -> None:
        # A class defined now may come before a tabled one in Rasa's walk: build again.
        stale[0] = True
        super(Event, cls).__init_subclass__(**kwargs)  # Event defines no hook of its own

    resolve_by_type.__doc__ = rasa_resolve.__doc__
    resolve_by_type.rasa_original = rasa_resolve  # type: ignore[attr-defined]
    resolve_by_type.rebuild = rebuild  # type: ignore[attr-defined]
    Event.__init_subclass__ = classmethod(note_new_event_class)  # type: ignore[assignment]
    Event.resolve_by_type = staticmethod(resolve_by_type)  # type: ignore[assignment]
    rebuild()


# --- threads -----------------------------------------------------------------------------


def _one_thread_for_numeric_libraries() -> list[str]:
    """Limits the numeric libraries loaded now, and sets the variables the ones loaded
    later read; the names of the libraries limited now."""
    from threadpoolctl import threadpool_info, threadpool_limits

    for variable in THREAD_VARIABLES:
        os.environ[variable] = "1"
    threadpool_limits(limits=1)
    return sorted({str(found.get("internal_api")) for found in threadpool_info()})
