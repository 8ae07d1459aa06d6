"""Query results as pandas DataFrames (needs the optional extra: ``pip install il7onto[pandas]``).

>>> import il7onto
>>> from il7onto.sparql.frames import to_dataframe
>>> frame = to_dataframe(il7onto.query("signaling-pathways"))
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.errors import UsageError

if TYPE_CHECKING:
    import pandas

    from .engine import Result


def to_dataframe(result: "Result") -> "pandas.DataFrame":
    """A DataFrame with one column per variable and the lexical values (IRIs as strings, None if unbound).

    Raises :class:`~il7onto.core.errors.UsageError` with the install command when pandas is missing.
    """
    try:
        import pandas
    except ImportError:
        raise UsageError("to_dataframe needs pandas: pip install 'il7onto[pandas]' (or pip install pandas)") from None
    return pandas.DataFrame(result.values(), columns=list(result.variables))
