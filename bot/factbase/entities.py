"""The people, organizations, places and topics the fact base knows, read back as an index."""

from __future__ import annotations

from typing import Iterable

from sqlite_utils import Database

from bot.entities import Entity, EntityIndex


def entity_index_from_db(db: Database, extra: Iterable[Entity] = ()) -> EntityIndex:
    """The entities the base knows (from entities.yaml and found in articles), plus any given."""
    ents: dict[int, Entity] = {}
    if db["entities"].exists():
        for row in db["entities"].rows:
            role = {k: row[f"role_{k}"] for k in ("en", "es") if row.get(f"role_{k}")}
            ents[row["id"]] = Entity(row["slug"], row["name"], row["kind"], row["gender"], role,
                                     origin=row.get("origin") or "file")
        for row in db["aliases"].rows:
            ent = ents.get(row["entity_id"])
            if ent:
                ent.aliases[row["alias"]] = row["lang"]
                if row["is_role"]:
                    ent.role_aliases.add(row["folded"])
    index = EntityIndex(list(ents.values()))
    for ent in extra:
        index.add(ent)
    return index
