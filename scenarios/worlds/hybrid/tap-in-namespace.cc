// SPDX-License-Identifier: GPL-2.0-only
//
// The tap is opened here rather than by ns-3's TapBridge or TapFdNetDeviceHelper: both start a
// set-uid creator program whose path is fixed when ns-3 is built (the packaged library names its
// build directory, which does not exist on an installed system), and neither can place the tap in
// another namespace. A descriptor opened here is handed to an FdNetDevice instead.

#include "tap-in-namespace.h"

#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace p2p::hybrid
{

namespace
{

std::runtime_error
Error(const std::string& what)
{
    return std::runtime_error(what + ": " + std::strerror(errno));
}

// Closes a descriptor when the scope ends.
struct Descriptor
{
    int fd;

    ~Descriptor()
    {
        if (fd >= 0)
        {
            close(fd);
        }
    }
};

} // namespace

int
OpenTapInNamespace(const std::string& netns, const std::string& device)
{
    if (device.empty() || device.size() >= IFNAMSIZ)
    {
        throw std::runtime_error("tap name '" + device + "': 1.." + std::to_string(IFNAMSIZ - 1) +
                                 " characters");
    }
    Descriptor own{open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC)};
    if (own.fd < 0)
    {
        throw Error("this program's network namespace");
    }
    Descriptor target{open(("/run/netns/" + netns).c_str(), O_RDONLY | O_CLOEXEC)};
    if (target.fd < 0)
    {
        throw Error("network namespace " + netns);
    }
    if (setns(target.fd, CLONE_NEWNET) != 0)
    {
        throw Error("entering network namespace " + netns);
    }
    int tap = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
    int openError = errno;
    ifreq request{};
    if (tap >= 0)
    {
        request.ifr_flags = IFF_TAP | IFF_NO_PI;
        std::strncpy(request.ifr_name, device.c_str(), IFNAMSIZ - 1);
        if (ioctl(tap, TUNSETIFF, &request) != 0)
        {
            openError = errno;
            close(tap);
            tap = -1;
        }
    }
    if (setns(own.fd, CLONE_NEWNET) != 0)
    {
        throw Error("returning to this program's network namespace");
    }
    if (tap < 0)
    {
        errno = openError;
        throw Error("tap " + device + " in " + netns + " (/dev/net/tun)");
    }
    return tap;
}

} // namespace p2p::hybrid
