// SPDX-License-Identifier: GPL-2.0-only
#include "peer-classes.h"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace p2p::scenario
{
namespace
{

std::vector<std::string>
Split(const std::string& text, char separator)
{
    std::vector<std::string> parts;
    std::istringstream in(text);
    std::string part;
    while (std::getline(in, part, separator))
    {
        parts.push_back(part);
    }
    if (!text.empty() && text.back() == separator)
    {
        parts.emplace_back();
    }
    return parts;
}

// Smooth weighted round robin: each turn every class earns its share, the one with the most
// credit (ties: the larger share, then the earlier class) gets the peer and pays the total.
class Turns
{
  public:
    explicit Turns(const std::vector<PeerClass>& classes)
        : m_classes(classes),
          m_credit(classes.size(), 0.0)
    {
    }

    uint32_t Next()
    {
        size_t best = 0;
        for (size_t c = 0; c < m_classes.size(); ++c)
        {
            m_credit[c] += m_classes[c].share;
            bool better = m_credit[c] > m_credit[best] ||
                          (m_credit[c] == m_credit[best] &&
                           m_classes[c].share > m_classes[best].share);
            best = better ? c : best;
        }
        m_credit[best] -= 100.0;
        return static_cast<uint32_t>(best);
    }

  private:
    const std::vector<PeerClass>& m_classes;
    std::vector<double> m_credit;
};

} // namespace

std::string
ParsePeerClasses(const std::string& text, std::vector<PeerClass>& out)
{
    const std::string syntax = " (write SHARE%:DOWN[/UP][:DELAY],..., e.g. "
                               "20%:100Mbps/10Mbps:2ms,80%:10Mbps/1Mbps:10ms)";
    std::vector<PeerClass> classes;
    double total = 0;
    for (const std::string& item : Split(text, ','))
    {
        std::vector<std::string> fields = Split(item, ':');
        if (fields.size() < 2 || fields.size() > 3 || fields[0].size() < 2 ||
            fields[0].back() != '%')
        {
            return "--peerClasses: \"" + item + "\" is not SHARE%:DOWN[/UP][:DELAY]" + syntax;
        }
        PeerClass c;
        std::istringstream share(fields[0].substr(0, fields[0].size() - 1));
        if (!(share >> c.share) || !share.eof() || !(c.share >= 0) || c.share > 100)
        {
            return "--peerClasses: \"" + fields[0] + "\" is not a share from 0% to 100%";
        }
        std::vector<std::string> rates = Split(fields[1], '/');
        if (rates.empty() || rates.size() > 2 || rates[0].empty())
        {
            return "--peerClasses: \"" + fields[1] + "\" is not DOWN or DOWN/UP" + syntax;
        }
        c.down = rates[0];
        c.up = rates.size() == 2 ? rates[1] : rates[0];
        c.delay = fields.size() == 3 ? fields[2] : "";
        total += c.share;
        classes.push_back(c);
    }
    if (classes.empty())
    {
        return "--peerClasses: no class" + syntax;
    }
    if (std::fabs(total - 100) > 1e-6)
    {
        char sum[32];
        std::snprintf(sum, sizeof sum, "%g%%", total);
        return std::string("--peerClasses: the shares add up to ") + sum + ", not 100%";
    }
    out = classes;
    return {};
}

std::vector<uint32_t>
AssignPeerClasses(const std::vector<PeerClass>& classes,
                  uint32_t peers,
                  uint32_t seeds,
                  uint32_t seedClass)
{
    std::vector<uint32_t> classOf(peers);
    Turns turns(classes);
    for (uint32_t p = 0; p < peers; ++p)
    {
        classOf[p] = (seedClass > 0 && p < seeds) ? seedClass - 1 : turns.Next();
    }
    return classOf;
}

std::string
DescribePeerClasses(const std::vector<PeerClass>& classes)
{
    std::string text;
    for (const PeerClass& c : classes)
    {
        char share[32];
        std::snprintf(share, sizeof share, "%g%%", c.share);
        text += (text.empty() ? "" : ", ") + std::string(share) + " " + c.down + "/" + c.up +
                (c.delay.empty() ? "" : " " + c.delay);
    }
    return text;
}

} // namespace p2p::scenario
