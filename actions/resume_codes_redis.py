"""Resume codes in Redis (RESUME_CODES_REDIS_URL), shared by every action server of a
multi-replica deployment: a code made through one is redeemed through another, and
wrong guesses are counted once for all of them (actions/resume_codes.py says what a
code promises; this adapter keeps those promises across replicas).

Every key starts with one prefix holding a hash tag (`{...}`), so that in a Redis
Cluster they all live in one slot and each operation stays one atomic script:

* `code:<code digest>`: a hash of the code's conversation digest, its sealed answers
  and when it expires; Redis deletes it then (PEXPIRE), so an expired code leaves
  nothing behind, and the script checks the time as well;
* `of:<conversation digest>`: the digest of the conversation's current code, so a new
  pause deletes the earlier code;
* `moved:<conversation digest>`: the conversation's referral was carried on elsewhere
  (until its code would have expired);
* `failures:<conversation digest>` and `failures`: sorted sets of wrong codes by time,
  for the conversation and for everyone; the window slides exactly as in SQLite, and
  the sets expire once a window passes without a failure.

Issuing and redeeming are Lua scripts, which Redis runs one at a time: of two action
servers redeeming one code at the same moment, one reopens it and the other finds
nothing, and the lock-out is checked and counted in the same step as the code.
"""

from __future__ import annotations

import math
import secrets
from typing import cast

import redis
from redis.commands.core import Script

from actions.resume_codes import (
    FAILURE_WINDOW_SECONDS,
    GLOBAL_MAX_FAILURES,
    MAX_FAILURES,
    Refusal,
    Refused,
    ResumeCodes,
    ResumeCodesUnavailable,
)
from backend.adapters.encryption import FieldCipher

DEFAULT_PREFIX = "hsb:{resume-codes}:"
CONNECT_TIMEOUT_SECONDS = 2
TIMEOUT_SECONDS = 5

# KEYS: of:<conversation>, moved:<conversation>, code:<new digest>.
# ARGV: prefix, conversation, new digest, sealed answers, expires_at, lifetime in ms.
_KEEP = """
local earlier = redis.call('GET', KEYS[1])
if earlier then redis.call('DEL', ARGV[1] .. 'code:' .. earlier) end
redis.call('DEL', KEYS[2])
redis.call('HSET', KEYS[3], 'conversation', ARGV[2], 'sealed', ARGV[4], 'expires_at', ARGV[5])
redis.call('PEXPIRE', KEYS[3], ARGV[6])
redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[6])
return 1
"""

# KEYS: failures:<redeemer>, failures, moved:<redeemer>, then code:<digest> for each
# digest (none when what was typed is not a code).
# ARGV: prefix, redeemer, now, start of the failure window, MAX_FAILURES,
# GLOBAL_MAX_FAILURES, window in ms, moved until, moved for (ms), a unique failure id.
_TAKE = """
local prefix, redeemer, now = ARGV[1], ARGV[2], tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[4])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[5])
    or redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[6]) then
  return {'locked'}
end
if #KEYS == 3 then return {'not_a_code'} end
for i = 4, #KEYS do
  local found = redis.call('HMGET', KEYS[i], 'conversation', 'sealed', 'expires_at')
  if found[2] then
    redis.call('DEL', KEYS[i])
    if tonumber(found[3]) > now then
      local owner = found[1]
      local current = prefix .. 'of:' .. owner
      if redis.call('GET', current) == string.sub(KEYS[i], #prefix + 6) then
        redis.call('DEL', current)
      end
      redis.call('DEL', KEYS[3])
      if owner ~= redeemer then
        redis.call('SET', prefix .. 'moved:' .. owner, ARGV[8], 'PX', ARGV[9])
      end
      return {'redeemed', found[2]}
    end
  end
end
redis.call('ZADD', KEYS[1], now, ARGV[10])
redis.call('PEXPIRE', KEYS[1], ARGV[7])
redis.call('ZADD', KEYS[2], now, ARGV[10])
redis.call('PEXPIRE', KEYS[2], ARGV[7])
return {'unknown'}
"""


def _milliseconds(seconds: float) -> int:
    """A key's life in Redis's whole milliseconds, at least one."""
    return max(1, math.ceil(seconds * 1000))


class RedisResumeCodes(ResumeCodes):
    def __init__(
        self,
        url: str,
        cipher: FieldCipher,
        lifetime_seconds: float,
        prefix: str = DEFAULT_PREFIX,
    ) -> None:
        super().__init__(cipher, lifetime_seconds)
        self.prefix = prefix
        self.client = redis.Redis.from_url(
            url,
            decode_responses=True,
            socket_connect_timeout=CONNECT_TIMEOUT_SECONDS,
            socket_timeout=TIMEOUT_SECONDS,
        )
        self._keep_script: Script = self.client.register_script(_KEEP)
        self._take_script: Script = self.client.register_script(_TAKE)

    def _keep(
        self, conversation: str, code_digest: str, sealed: str, at: float, expires_at: float
    ) -> None:
        p = self.prefix
        keys = [f"{p}of:{conversation}", f"{p}moved:{conversation}", f"{p}code:{code_digest}"]
        life = _milliseconds(expires_at - at)
        try:
            self._keep_script(
                keys=keys, args=[p, conversation, code_digest, sealed, repr(expires_at), life]
            )
        except redis.RedisError as error:
            raise ResumeCodesUnavailable(type(error).__name__) from error

    def _take(
        self, redeemer: str, digests: list[str] | None, at: float, moved_until: float
    ) -> Refused | str:
        p = self.prefix
        keys = [f"{p}failures:{redeemer}", f"{p}failures", f"{p}moved:{redeemer}"]
        keys += [f"{p}code:{digest}" for digest in digests or ()]
        args: list[str | int] = [
            p,
            redeemer,
            repr(at),
            repr(at - FAILURE_WINDOW_SECONDS),
            MAX_FAILURES,
            GLOBAL_MAX_FAILURES,
            _milliseconds(FAILURE_WINDOW_SECONDS),
            repr(moved_until),
            _milliseconds(moved_until - at),
            secrets.token_hex(8),
        ]
        try:
            outcome = self._take_script(keys=keys, args=args)
        except redis.RedisError as error:
            raise ResumeCodesUnavailable(type(error).__name__) from error
        if outcome[0] == "redeemed":
            return str(outcome[1])
        return Refused(cast(Refusal, outcome[0]))

    def _take_move(self, conversation: str, at: float) -> bool:
        key = f"{self.prefix}moved:{conversation}"
        try:
            with self.client.pipeline(transaction=True) as pipe:
                pipe.get(key)
                pipe.delete(key)
                until, _ = pipe.execute()
        except redis.RedisError as error:
            raise ResumeCodesUnavailable(type(error).__name__) from error
        return until is not None and float(until) > at
