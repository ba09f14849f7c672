// SPDX-License-Identifier: GPL-2.0-only
/*
 * p2p-summarize RUN_DIR: computes a run's summary.json from its folder alone (plan.json,
 * events.csv, run.json), the same way for every world that wrote the folder.
 */

#include "summarize.h"

#include "scenarios/summary/json-writer.h"

#include <cstdio>
#include <iostream>
#include <string>
#include <string_view>

namespace
{

constexpr int kFolderProblem = 1; // unreadable or inconsistent folder
constexpr int kUsage = 2;

const char* const kUsageText =
    "usage: p2p-summarize [--stdout] RUN_DIR\n"
    "Computes RUN_DIR/summary.json from RUN_DIR/plan.json, RUN_DIR/events.csv and\n"
    "RUN_DIR/run.json (see the run folder in scenarios/README.md).\n"
    "  --stdout   write the summary to standard output instead of RUN_DIR/summary.json\n"
    "Exit status: 0 written; 1 the folder cannot be read or is inconsistent (a folder whose\n"
    "events.csv has no id columns, from an older version, is refused); 2 usage.\n";

} // namespace

int
main(int argc, char* argv[])
{
    bool toStdout = false;
    std::string dir;
    for (int i = 1; i < argc; ++i)
    {
        std::string_view arg = argv[i];
        if (arg == "--help" || arg == "-h")
        {
            std::cout << kUsageText;
            return 0;
        }
        if (arg == "--stdout")
        {
            toStdout = true;
        }
        else if (!arg.empty() && arg.front() == '-')
        {
            std::cerr << "p2p-summarize: unknown option " << arg << "\n" << kUsageText;
            return kUsage;
        }
        else if (dir.empty())
        {
            dir = arg;
        }
        else
        {
            std::cerr << "p2p-summarize: one RUN_DIR only\n" << kUsageText;
            return kUsage;
        }
    }
    if (dir.empty())
    {
        std::cerr << kUsageText;
        return kUsage;
    }
    p2p::summary::Summary summary;
    if (std::string why = p2p::summary::Summarize(dir, summary); !why.empty())
    {
        std::cerr << "p2p-summarize: " << why << "\n";
        return kFolderProblem;
    }
    if (toStdout)
    {
        std::cout << summary.json << std::flush;
        return std::cout ? 0 : kFolderProblem;
    }
    if (std::string why = p2p::scenario::WriteFileWhole(dir + "/summary.json", summary.json);
        !why.empty())
    {
        std::cerr << "p2p-summarize: " << why << "\n";
        return kFolderProblem;
    }
    return 0;
}
