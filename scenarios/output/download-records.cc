// SPDX-License-Identifier: GPL-2.0-only
#include "download-records.h"

namespace p2p::scenario
{

DownloadRecord*
DownloadRecords::Find(size_t life, p2p::OpId op)
{
    auto it = m_open.find({life, op});
    return it == m_open.end() ? nullptr : &m_records[it->second];
}

void
DownloadRecords::OnPeerEvent(size_t life, const std::string& peer, const p2p::PeerEvent& event)
{
    using Kind = p2p::PeerEventKind;
    if (event.kind == Kind::DownloadStarted)
    {
        m_open[{life, event.op}] = m_records.size();
        DownloadRecord record;
        record.peer = peer;
        record.content = event.content.str();
        record.start = p2p::to_seconds(event.time);
        m_records.push_back(std::move(record));
        return;
    }
    DownloadRecord* record = Find(life, event.op);
    if (record == nullptr)
    {
        return; // not a download's event (op 0, or another operation)
    }
    switch (event.kind)
    {
    case Kind::ServerBusy:
        ++record->busyAnswers;
        break;
    case Kind::RoundStarted:
        ++record->rounds;
        break;
    case Kind::DownloadResumed:
        ++record->resumes;
        break;
    case Kind::DownloadCompleted:
    case Kind::DownloadFailed:
        record->end = p2p::to_seconds(event.time);
        record->completed = event.kind == Kind::DownloadCompleted;
        record->bytes = record->completed ? event.bytes : 0;
        record->sources = event.sources;
        m_open.erase({life, event.op});
        break;
    default:
        break;
    }
}

} // namespace p2p::scenario
