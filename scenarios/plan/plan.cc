// SPDX-License-Identifier: GPL-2.0-only
#include "plan.h"

namespace p2p::plan
{

uint64_t
Plan::SurvivingFetches() const
{
    uint64_t n = 0;
    for (const Life& life : lives)
    {
        n += life.end ? 0 : life.fetches.size();
    }
    return n;
}

uint64_t
Plan::PlannedFetches() const
{
    uint64_t n = 0;
    for (const Life& life : lives)
    {
        n += life.fetches.size();
    }
    return n;
}

} // namespace p2p::plan
