"""Tests of :mod:`infoops.coordination.fusion`."""

from __future__ import annotations

from infoops import coordination as C


def test_fusion_groups_and_determinism(sample_result):
    ds, res, truth, roles = sample_result
    pairs, member = C.fuse(res, seed=0)
    pairs2, member2 = C.fuse(res, seed=0)
    assert pairs.equals(pairs2) and member.equals(member2)
    groups = C.group_table(member, pairs, ds.tweets)
    assert len(groups) >= 10 and groups["size"].sum() == len(member)
    # the decoys are no group; the sparse night bursts are only partly found on the sample
    planted = {g["group_id"]: set(g["members"]) for g in truth["planted_groups"]
               if g["role"] == "coordinated" and g["group_id"] != "G11_sparse_night_bursts"}
    by_group = member.groupby("group")["userid"].agg(set)
    # each planted group is mostly inside one detected group
    for gid, m in planted.items():
        assert max(len(m & s) for s in by_group) >= 0.8 * len(m), gid
