// SPDX-License-Identifier: GPL-2.0-only
//
// p2p-delay-line: a link's propagation delay where the kernel has no netem. It runs in a namespace
// of its own between two devices (the two halves of a point-to-point link) and moves every frame
// from one to the other after exactly the delay, in order, each way. Rate, queue and loss stay
// where they are without it (htb and nftables on the routers' devices), so the frame meets them
// before its delay, as in ns-3's PointToPointNetDevice (queue, transmission, then propagation).
//
//   p2p-delay-line --a=DEV --b=DEV --delay=SECONDS [--limitBytes=N] [--realtime=0|1]
//
// Accuracy under load: a frame's due time counts from the kernel's receive timestamp, so a late
// wake-up of this program shortens the wait instead of adding to it; with --realtime (the
// default) the program asks for SCHED_FIFO, so other work on the CPU delays it by microseconds.
// Checksums: frames are read and written with their virtio-net header (PACKET_VNET_HDR), so a
// frame whose checksum the sender left to the device keeps that state across the line.
// SIGTERM or SIGINT end it; it prints what it carried and dropped.

#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <deque>
#include <string>
#include <vector>

namespace
{

volatile std::sig_atomic_t g_stop = 0;

// sizeof(struct virtio_net_hdr) (linux/virtio_net.h, which C++ cannot include): what
// PACKET_VNET_HDR puts before each frame.
constexpr size_t kVnetHeader = 10;

void
Stop(int)
{
    g_stop = 1;
}

using Nanos = int64_t;

Nanos
ToNanos(const timespec& t)
{
    return static_cast<Nanos>(t.tv_sec) * 1000000000 + t.tv_nsec;
}

Nanos
Now()
{
    timespec t{};
    clock_gettime(CLOCK_REALTIME, &t); // the clock of SO_TIMESTAMPNS
    return ToNanos(t);
}

struct Frame
{
    Nanos due;
    std::vector<uint8_t> bytes; // virtio-net header, then the Ethernet frame
};

// One way of the line: frames read from `in`, written to `out` when due.
struct Direction
{
    int in = -1;
    int out = -1;
    std::deque<Frame> queue;
    size_t queuedBytes = 0;
    uint64_t carried = 0;
    uint64_t dropped = 0; // beyond the byte limit, or refused by the device
};

struct Options
{
    std::string a;
    std::string b;
    double delay = -1;
    size_t limitBytes = 64u << 20;
    bool realtime = true;
};

[[noreturn]] void
Fail(const std::string& what)
{
    std::fprintf(stderr, "p2p-delay-line: %s\n", what.c_str());
    std::exit(1);
}

Options
Parse(int argc, char* argv[])
{
    Options o;
    for (int i = 1; i < argc; ++i)
    {
        std::string arg = argv[i];
        auto eq = arg.find('=');
        std::string name = arg.substr(0, eq);
        std::string value = eq == std::string::npos ? "" : arg.substr(eq + 1);
        char* end = nullptr;
        if (name == "--a")
        {
            o.a = value;
        }
        else if (name == "--b")
        {
            o.b = value;
        }
        else if (name == "--delay")
        {
            o.delay = std::strtod(value.c_str(), &end);
            if (value.empty() || *end != '\0' || !(o.delay >= 0 && o.delay <= 10))
            {
                Fail("--delay must be seconds in 0..10, not '" + value + "'");
            }
        }
        else if (name == "--limitBytes")
        {
            o.limitBytes = std::strtoull(value.c_str(), &end, 10);
            if (value.empty() || *end != '\0' || o.limitBytes < 65536)
            {
                Fail("--limitBytes must be at least 65536");
            }
        }
        else if (name == "--realtime")
        {
            o.realtime = value != "0" && value != "false";
        }
        else
        {
            Fail("unknown option '" + arg +
                 "' (usage: --a=DEV --b=DEV --delay=SECONDS [--limitBytes=N] [--realtime=0|1])");
        }
    }
    if (o.a.empty() || o.b.empty() || o.delay < 0)
    {
        Fail("--a, --b and --delay are required");
    }
    return o;
}

// A packet socket on `dev` that sees what arrives on it (not what this program sends through it),
// with receive timestamps and virtio-net headers.
int
OpenDevice(const std::string& dev)
{
    unsigned index = if_nametoindex(dev.c_str());
    if (index == 0)
    {
        Fail("no device " + dev);
    }
    int fd = socket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, htons(ETH_P_ALL));
    if (fd < 0)
    {
        Fail("packet socket: " + std::string(std::strerror(errno)));
    }
    int on = 1;
    int buffer = 8 << 20;
    if (setsockopt(fd, SOL_PACKET, PACKET_VNET_HDR, &on, sizeof on) != 0 ||
        setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &on, sizeof on) != 0 ||
        setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on) != 0 ||
        setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &buffer, sizeof buffer) != 0 ||
        setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &buffer, sizeof buffer) != 0)
    {
        Fail("socket options on " + dev + ": " + std::strerror(errno));
    }
    sockaddr_ll address{};
    address.sll_family = AF_PACKET;
    address.sll_protocol = htons(ETH_P_ALL);
    address.sll_ifindex = static_cast<int>(index);
    if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
    {
        Fail("bind to " + dev + ": " + std::strerror(errno));
    }
    // Promiscuous: the routers' frames are addressed to the other end's MAC, not this device's.
    packet_mreq membership{};
    membership.mr_ifindex = static_cast<int>(index);
    membership.mr_type = PACKET_MR_PROMISC;
    if (setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &membership, sizeof membership) != 0)
    {
        Fail("promiscuous mode on " + dev + ": " + std::strerror(errno));
    }
    return fd;
}

// Reads every frame waiting on the direction's input and queues it until its due time.
void
Receive(Direction& d, Nanos delay, size_t limitBytes)
{
    uint8_t buffer[kVnetHeader + 65536 + 64];
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(timespec))];
    for (;;)
    {
        iovec io{buffer, sizeof buffer};
        msghdr message{};
        message.msg_iov = &io;
        message.msg_iovlen = 1;
        message.msg_control = control;
        message.msg_controllen = sizeof control;
        ssize_t n = recvmsg(d.in, &message, MSG_DONTWAIT);
        if (n < 0)
        {
            if (errno == EINTR)
            {
                continue;
            }
            return; // EAGAIN: nothing more now
        }
        Nanos received = 0;
        for (cmsghdr* c = CMSG_FIRSTHDR(&message); c; c = CMSG_NXTHDR(&message, c))
        {
            if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS)
            {
                timespec t{};
                std::memcpy(&t, CMSG_DATA(c), sizeof t);
                received = ToNanos(t);
            }
        }
        if (received == 0)
        {
            received = Now();
        }
        if (d.queuedBytes + static_cast<size_t>(n) > limitBytes)
        {
            ++d.dropped;
            continue;
        }
        d.queue.push_back(Frame{received + delay, std::vector<uint8_t>(buffer, buffer + n)});
        d.queuedBytes += static_cast<size_t>(n);
    }
}

// Writes the direction's frames that are due; returns the next due time (0: none queued).
Nanos
SendDue(Direction& d, Nanos now)
{
    while (!d.queue.empty() && d.queue.front().due <= now)
    {
        Frame& f = d.queue.front();
        ssize_t n = send(d.out, f.bytes.data(), f.bytes.size(), 0);
        if (n < 0 && errno == EAGAIN)
        {
            return now + 100000; // the device's queue is full: try again in 0.1 ms
        }
        if (n < 0)
        {
            ++d.dropped;
        }
        else
        {
            ++d.carried;
        }
        d.queuedBytes -= f.bytes.size();
        d.queue.pop_front();
    }
    return d.queue.empty() ? 0 : d.queue.front().due;
}

} // namespace

int
main(int argc, char* argv[])
{
    Options o = Parse(argc, argv);
    const Nanos delay = static_cast<Nanos>(o.delay * 1e9 + 0.5);
    int a = OpenDevice(o.a);
    int b = OpenDevice(o.b);
    std::signal(SIGTERM, Stop);
    std::signal(SIGINT, Stop);
    if (o.realtime)
    {
        sched_param priority{};
        priority.sched_priority = 10;
        if (sched_setscheduler(0, SCHED_FIFO, &priority) != 0)
        {
            std::fprintf(stderr,
                         "p2p-delay-line: no real-time priority (%s); the delay may stretch under load\n",
                         std::strerror(errno));
        }
    }
    Direction ways[2];
    ways[0].in = a;
    ways[0].out = b;
    ways[1].in = b;
    ways[1].out = a;
    std::fprintf(stderr, "p2p-delay-line: %s <-> %s, %.6f s each way\n", o.a.c_str(), o.b.c_str(), o.delay);
    while (!g_stop)
    {
        Nanos now = Now();
        Nanos next = 0;
        for (Direction& d : ways)
        {
            Nanos due = SendDue(d, now);
            if (due != 0)
            {
                next = next == 0 ? due : std::min(next, due);
            }
        }
        pollfd fds[2] = {{a, POLLIN, 0}, {b, POLLIN, 0}};
        timespec wait{};
        timespec* timeout = nullptr;
        if (next != 0)
        {
            Nanos left = std::max<Nanos>(0, next - Now());
            wait.tv_sec = left / 1000000000;
            wait.tv_nsec = left % 1000000000;
            timeout = &wait;
        }
        int ready = ppoll(fds, 2, timeout, nullptr);
        if (ready < 0 && errno != EINTR)
        {
            Fail(std::string("poll: ") + std::strerror(errno));
        }
        if (ready > 0)
        {
            for (int i = 0; i < 2; ++i)
            {
                if (fds[i].revents & POLLIN)
                {
                    Receive(ways[i], delay, o.limitBytes);
                }
            }
        }
    }
    std::fprintf(stderr,
                 "p2p-delay-line: carried %llu frames %s->%s (%llu dropped), %llu %s->%s (%llu dropped)\n",
                 static_cast<unsigned long long>(ways[0].carried), o.a.c_str(), o.b.c_str(),
                 static_cast<unsigned long long>(ways[0].dropped),
                 static_cast<unsigned long long>(ways[1].carried), o.b.c_str(), o.a.c_str(),
                 static_cast<unsigned long long>(ways[1].dropped));
    return 0;
}
