"""Surge defenses: sliding-window velocity per account, IP and content fingerprint; near-duplicate
clusters with MinHash LSH; and Discourse-style trust levels for new accounts.

All state lives in the database (counters, signatures, clusters), so it is shared by every worker
and survives restarts; the in-memory LSH index is only a cache that catches up from the table.
"""

from __future__ import annotations

import hashlib
import re
import threading
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any, Protocol

import numpy as np
from datasketch import MinHash, MinHashLSH
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import Session

from crosstalk.config import get_settings
from crosstalk.safety.screening.models import DuplicateCluster, Signature, VelocityEvent
from crosstalk.safety.screening.policy import Policy, Surge, TrustLevels
from crosstalk.safety.transparency.models import Decision

NUM_PERM = 64
# Pinned: persisted signatures must be rebuilt with the scheme that made them.
MINHASH_SCHEME = "affine32"

_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalize_for_matching(text: str) -> str:
    """Case-, width- and punctuation-blind form: "B U Y!!" and "ｂｕｙ" both become "buy"."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text).casefold())


def fingerprint(text: str) -> str:
    return hashlib.sha256(normalize_for_matching(text).encode("utf-8")).hexdigest()[:32]


# --- velocity ------------------------------------------------------------------------------
class CounterStore(Protocol):
    """Sliding-window event counts by key; the database one is the embedded default."""

    def hit(self, key: str, at: datetime) -> None: ...

    def count(self, key: str, since: datetime) -> int: ...


class DbCounterStore:
    """Counts events in `safety_velocity_events` inside the caller's transaction."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def hit(self, key: str, at: datetime) -> None:
        self.session.add(VelocityEvent(key=key, at=at))
        self.session.flush()

    def count(self, key: str, since: datetime) -> int:
        stmt = select(func.count()).where(VelocityEvent.key == key, VelocityEvent.at >= since)
        return int(self.session.scalar(stmt) or 0)

    def prune(self, before: datetime) -> int:
        """Drop events no window can see any more; returns how many were deleted."""
        result = self.session.execute(delete(VelocityEvent).where(VelocityEvent.at < before))
        return int(getattr(result, "rowcount", 0) or 0)


class RedisCounterStore:
    """Counts events in Redis sorted sets (score = time), shared by every worker; for scale-out."""

    PREFIX = "crosstalk:velocity:"

    def __init__(self, client: Any, retention_s: int = 86400) -> None:
        self.client = client
        self.retention_s = retention_s

    @classmethod
    def from_url(cls, url: str) -> RedisCounterStore:
        import redis  # imported here: only the scale-out setup needs it

        return cls(redis.Redis.from_url(url))

    def hit(self, key: str, at: datetime) -> None:
        ts = at.replace(tzinfo=UTC).timestamp()
        name = self.PREFIX + key
        pipe = self.client.pipeline()
        pipe.zadd(name, {f"{ts:.6f}:{uuid.uuid4().hex[:8]}": ts})
        pipe.zremrangebyscore(name, "-inf", ts - self.retention_s)  # old events drop off here
        pipe.expire(name, self.retention_s)
        pipe.execute()

    def count(self, key: str, since: datetime) -> int:
        ts = since.replace(tzinfo=UTC).timestamp()
        return int(self.client.zcount(self.PREFIX + key, ts, "+inf"))


def counter_store(session: Session) -> CounterStore:
    """The configured store: the database (embedded default) or Redis (`velocity_backend`)."""
    settings = get_settings()
    if settings.velocity_backend == "redis":
        return _redis_store(settings.redis_url)
    return DbCounterStore(session)


@lru_cache(maxsize=4)
def _redis_store(url: str) -> RedisCounterStore:
    return RedisCounterStore.from_url(url)


def record_velocity(
    store: CounterStore,
    *,
    author_id: int | None,
    ip: str | None,
    text: str,
    now: datetime,
    window_s: int,
    new_post: bool = True,
) -> dict[str, int]:
    """Count this post against its account, IP and fingerprint; return counts including it.

    A re-screen (an edit, a report) is `new_post=False`: it reads the counts without adding.
    """
    since = now - timedelta(seconds=window_s)
    keys = {"fingerprint": f"fp:{fingerprint(text)}"}
    if author_id is not None:
        keys["account"] = f"acct:{author_id}"
    if ip:
        keys["ip"] = f"ip:{ip}"
    counts: dict[str, int] = {}
    for scope, key in keys.items():
        if new_post:
            store.hit(key, now)
        counts[scope] = store.count(key, since)
    return counts


def cluster_items(session: Session, cluster_id: int) -> list[tuple[str, int]]:
    """(item_type, item_id) of every item in a near-duplicate cluster, oldest first: what a
    reviewer or a retroactive hold acts on once a cluster crosses the policy's threshold."""
    rows = session.execute(
        select(Signature.item_type, Signature.item_id)
        .where(Signature.cluster_id == cluster_id)
        .order_by(Signature.id)
    ).all()
    return [(t, i) for t, i in rows]


# --- near duplicates -----------------------------------------------------------------------
def minhash(text: str, shingle_chars: int) -> MinHash | None:
    """MinHash over character shingles (works for Chinese without segmentation); None if short."""
    norm = normalize_for_matching(text)
    if len(norm) < shingle_chars:
        return None
    mh = MinHash(num_perm=NUM_PERM, scheme=MINHASH_SCHEME)
    mh.update_batch(
        [norm[i : i + shingle_chars].encode("utf-8") for i in range(len(norm) - shingle_chars + 1)]
    )
    return mh


@dataclass(frozen=True)
class ClusterAssignment:
    cluster_id: int
    size: int


class NearDuplicateIndex:
    """LSH over recent signatures of one database; joins each new item to an existing cluster
    when a stored signature is similar enough, else opens a new one."""

    def __init__(self, surge: Surge) -> None:
        self.surge = surge
        self._lsh = self._new_lsh()
        self._members: dict[int, tuple[int, MinHash]] = {}  # signature id -> (cluster, minhash)
        self._loaded_upto = 0
        self._lock = threading.Lock()

    def _new_lsh(self) -> MinHashLSH:
        # Weighted against misses: at the default 0.6 threshold (14 bands of 4 rows) a pair
        # with Jaccard 0.7 is missed 2% of the time instead of 29% with even weights. Extra
        # candidates cost little: each is checked against the threshold before it counts.
        return MinHashLSH(
            threshold=self.surge.near_duplicate_threshold, num_perm=NUM_PERM, weights=(0.2, 0.8)
        )

    def _catch_up(self, session: Session, now: datetime) -> None:
        # Other workers write signatures too: read whatever is newer than what we hold.
        since = now - timedelta(days=self.surge.cluster_window_days)
        newest = session.scalar(select(func.max(Signature.id))) or 0
        if newest < self._loaded_upto:
            # The table was emptied or restored from an older backup: start over from it.
            self._lsh = self._new_lsh()
            self._members.clear()
            self._loaded_upto = 0
        rows = session.execute(
            select(Signature.id, Signature.cluster_id, Signature.hashvalues)
            .where(Signature.id > self._loaded_upto, Signature.created_at >= since)
            .order_by(Signature.id)
        ).all()
        for sig_id, cluster_id, raw in rows:
            self._add(sig_id, cluster_id, _from_bytes(raw))

    def _add(self, sig_id: int, cluster_id: int, mh: MinHash) -> None:
        if sig_id in self._members:
            return
        self._lsh.insert(sig_id, mh)
        self._members[sig_id] = (cluster_id, mh)
        self._loaded_upto = max(self._loaded_upto, sig_id)

    def _forget(self, sig_id: int) -> None:
        if sig_id in self._members:
            self._lsh.remove(sig_id)
            del self._members[sig_id]

    def assign(
        self, session: Session, *, item_type: str, item_id: int, text: str, now: datetime
    ) -> ClusterAssignment | None:
        """Place the item in a cluster; None when the text is too short to compare fairly."""
        if len(normalize_for_matching(text)) < self.surge.min_chars:
            return None
        mh = minhash(text, self.surge.shingle_chars)
        if mh is None:
            return None
        with self._lock:
            self._catch_up(session, now)
            previous = session.scalars(
                select(Signature).where(
                    Signature.item_type == item_type, Signature.item_id == item_id
                )
            ).all()
            keep: int | None = None
            for old in previous:  # an edit replaces the item's earlier signature
                if _from_bytes(old.hashvalues).jaccard(mh) >= self.surge.near_duplicate_threshold:
                    keep = old.cluster_id  # a small edit stays in its cluster
                self._forget(old.id)
                session.execute(
                    update(DuplicateCluster)
                    .where(DuplicateCluster.id == old.cluster_id)
                    .values(size=DuplicateCluster.size - 1)
                )
                session.delete(old)
            session.flush()
            cluster_id = keep or self._best_cluster(session, mh)
            if cluster_id is None:
                cluster = DuplicateCluster(
                    size=0, sample=text[:200], created_at=now, updated_at=now
                )
                session.add(cluster)
                session.flush()
                cluster_id = cluster.id
            session.execute(
                update(DuplicateCluster)
                .where(DuplicateCluster.id == cluster_id)
                .values(size=DuplicateCluster.size + 1, updated_at=now)
            )
            sig = Signature(
                item_type=item_type,
                item_id=item_id,
                cluster_id=cluster_id,
                hashvalues=_to_bytes(mh),
                created_at=now,
            )
            session.add(sig)
            session.flush()
            self._add(sig.id, cluster_id, mh)
            size = session.scalar(
                select(DuplicateCluster.size).where(DuplicateCluster.id == cluster_id)
            )
        return ClusterAssignment(cluster_id=cluster_id, size=int(size or 1))

    def _best_cluster(self, session: Session, mh: MinHash) -> int | None:
        # LSH gives candidates; keep those truly similar, then the oldest cluster that still
        # exists (an in-memory entry can outlive a rolled-back transaction).
        threshold = self.surge.near_duplicate_threshold
        similar = [
            k
            for k in self._lsh.query(mh)
            if k in self._members and self._members[k][1].jaccard(mh) >= threshold
        ]
        if not similar:
            return None
        # Trust the table, not memory: the row must still exist with the same signature.
        rows = session.execute(
            select(Signature.id, Signature.cluster_id, Signature.hashvalues).where(
                Signature.id.in_(similar)
            )
        ).all()
        clusters = sorted(
            cluster_id
            for sig_id, cluster_id, raw in rows
            if raw == _to_bytes(self._members[sig_id][1])
        )
        return clusters[0] if clusters else None


def _to_bytes(mh: MinHash) -> bytes:
    return np.asarray(mh.hashvalues, dtype=np.uint32).tobytes()


def _from_bytes(raw: bytes) -> MinHash:
    values = np.frombuffer(raw, dtype=np.uint32).copy()
    return MinHash(num_perm=NUM_PERM, scheme=MINHASH_SCHEME, hashvalues=values)


# --- trust levels --------------------------------------------------------------------------
def earned_trust_level(
    session: Session,
    *,
    author_id: int | None,
    author_created_at: datetime | None,
    trust: TrustLevels,
    now: datetime,
) -> int:
    """The level an account has earned from age and visible posts; any recent strike keeps it
    at 0. (Decisions are the record: visible = published; a removal, an engine suspension or an
    account action is a strike unless a person later reversed it.)"""
    if author_id is None or author_created_at is None:
        return 0
    if _recent_strikes(session, author_id, now - timedelta(days=trust.strike_window_days)):
        return 0
    published = (
        select(Decision.item_type, Decision.item_id)
        .where(
            Decision.author_id == author_id,
            Decision.visibility == "visible",
            Decision.item_type != "account",
        )
        .distinct()
        .subquery()
    )
    visible = int(session.scalar(select(func.count()).select_from(published)) or 0)
    age_days = (now - author_created_at).total_seconds() / 86400
    if age_days >= trust.tl2_after_days and visible >= trust.tl2_min_visible_posts:
        return 2
    if age_days >= trust.tl1_after_days and visible >= trust.tl1_min_visible_posts:
        return 1
    return 0


STRIKE_ACTIONS = ("remove", "suspend", "warning", "limit", "suspension", "ban")


def _recent_strikes(session: Session, author_id: int, since: datetime) -> int:
    candidates = list(
        session.scalars(
            select(Decision).where(
                Decision.author_id == author_id,
                Decision.created_at >= since,
                or_(
                    Decision.action.in_(("remove", "suspend")),
                    (Decision.item_type == "account") & Decision.action.in_(STRIKE_ACTIONS),
                ),
            )
        )
    )
    if not candidates:
        return 0
    # A later decision by a person that allows the same item is a reversal (appeal or review).
    reversals = {
        (d.item_type, d.item_id, d.created_at)
        for d in session.scalars(
            select(Decision).where(
                Decision.author_id == author_id,
                Decision.created_at >= since,
                Decision.action == "allow",
                # Only the struck items: an active author has an allow for every post.
                Decision.item_id.in_({d.item_id for d in candidates}),
            )
        )
        if "human" in (d.stages or [])
    }
    return sum(
        1
        for d in candidates
        if not any(
            t == d.item_type and i == d.item_id and at >= d.created_at for t, i, at in reversals
        )
    )


def effective_trust_level(
    session: Session,
    *,
    author_id: int | None,
    author_created_at: datetime | None,
    given: int,
    policy: Policy,
    now: datetime,
) -> int:
    """The higher of the stored level (moderators may raise it) and the one earned so far."""
    earned = earned_trust_level(
        session,
        author_id=author_id,
        author_created_at=author_created_at,
        trust=policy.trust,
        now=now,
    )
    return max(given, earned)
