// SPDX-License-Identifier: GPL-2.0-only
#include "download-records.h"

namespace p2p::summary
{

DownloadRecord*
DownloadRecords::Find(uint64_t life, p2p::OpId op)
{
    auto it = m_open.find({life, op});
    return it == m_open.end() ? nullptr : &m_records[it->second];
}

void
DownloadRecords::OnRow(const EventRow& row)
{
    using Kind = p2p::PeerEventKind;
    uint64_t life = *row.life;
    if (*row.kind == Kind::DownloadStarted)
    {
        m_open[{life, row.op}] = m_records.size();
        DownloadRecord record;
        record.peer = row.peer;
        record.content = row.content;
        record.start = row.time;
        m_records.push_back(std::move(record));
        return;
    }
    DownloadRecord* record = Find(life, row.op);
    if (record == nullptr)
    {
        return; // not a download's event (op 0, or another operation)
    }
    switch (*row.kind)
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
        record->end = row.time;
        record->completed = *row.kind == Kind::DownloadCompleted;
        record->bytes = record->completed ? row.bytes : 0;
        record->sources = row.Sources();
        m_open.erase({life, row.op});
        break;
    default:
        break;
    }
}

} // namespace p2p::summary
