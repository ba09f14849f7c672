// SPDX-License-Identifier: GPL-2.0-only
/*
 * The text forms of the PeerApplication attributes HeldContent ("song:1048576,video:5000000")
 * and FetchContent ("song,video").
 */
#ifndef P2P_CONTENT_SPEC_H
#define P2P_CONTENT_SPEC_H

#include "model/name.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/// One content a peer holds from the start: its name and its size in bytes.
struct HeldContentItem
{
    p2p::Name name;
    uint64_t size = 0;
};

/**
 * \brief Parses "name:size,name:size,..." (spaces around items are ignored; "" is empty).
 * \param [in] spec the text
 * \param [out] items the content, in the order given
 * \param [out] error why the text is invalid
 * \return false when \p spec is invalid
 */
bool ParseHeldContent(const std::string& spec, std::vector<HeldContentItem>& items, std::string& error);

/**
 * \brief Parses "name,name,..." (spaces around items are ignored; "" is empty).
 * \param [in] spec the text
 * \param [out] names the names, in the order given
 * \param [out] error why the text is invalid
 * \return false when \p spec is invalid
 */
bool ParseContentNames(const std::string& spec, std::vector<p2p::Name>& names, std::string& error);

} // namespace ns3

#endif /* P2P_CONTENT_SPEC_H */
