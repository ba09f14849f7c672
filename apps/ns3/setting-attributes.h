// SPDX-License-Identifier: GPL-2.0-only
/**
 * \file
 * \ingroup p2p-testbed
 * An attribute's default, range (checker) and help, taken from a row of the settings table
 * (model/settings.h), so that GetTypeId repeats none of them.
 */
#pragma once
#include "model/settings.h"

#include "ns3/data-rate.h"
#include "ns3/double.h"
#include "ns3/nstime.h"
#include "ns3/uinteger.h"

#include <cstdint>
#include <string>

namespace ns3::p2p_settings
{

using Setting = ::p2p::settings::Setting;

/// The attribute's help: the table's line and its range.
inline std::string
Help(const Setting& s)
{
    return std::string(s.doc) + " Range " + ::p2p::settings::range_text(s) + ".";
}

template <typename T>
UintegerValue
DefaultUinteger(const Setting& s)
{
    return UintegerValue(static_cast<T>(s.default_in_ns3()));
}

template <typename T>
Ptr<const AttributeChecker>
UintegerRange(const Setting& s)
{
    return MakeUintegerChecker<T>(static_cast<uint64_t>(s.min), static_cast<uint64_t>(s.max));
}

inline DoubleValue
DefaultDouble(const Setting& s)
{
    return DoubleValue(s.default_in_ns3());
}

inline Ptr<const AttributeChecker>
DoubleRange(const Setting& s)
{
    return MakeDoubleChecker<double>(s.min, s.max);
}

/// A duration, exact to the nanosecond as the core's Duration.
inline TimeValue
DefaultTime(const Setting& s)
{
    return TimeValue(NanoSeconds(Setting::seconds(s.default_in_ns3()).count()));
}

inline Ptr<const AttributeChecker>
TimeRange(const Setting& s)
{
    return MakeTimeChecker(NanoSeconds(Setting::seconds(s.min).count()),
                           NanoSeconds(Setting::seconds(s.max).count()));
}

/// A rate in bytes/s as a DataRate (bit/s).
inline DataRateValue
DefaultDataRate(const Setting& s)
{
    return DataRateValue(DataRate(static_cast<uint64_t>(s.default_in_ns3() * s.ns3_scale)));
}

} // namespace ns3::p2p_settings
