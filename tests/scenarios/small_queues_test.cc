// SPDX-License-Identifier: GPL-2.0-only
// TCP with Linux's small queues (scenarios/worlds/ns3/tcp/): a bulk sender over a 10 Mbit/s link
// keeps at most three of its packets in its host's queues (queue disc and device), once past slow
// start's first round trips, where ns-3's own socket fills them with its window; its congestion window stops growing once the host's queue,
// not the window, holds it back; a send buffer larger than the receiver's window (ns-3 3.37
// dereferences a null segment there) delivers every byte, with and without 2% loss; the receiver
// acknowledges the first 16 segments one by one (Linux's quick-ACK mode), ns-3's every second one;
// a socket closed and let go of is freed once its connection is over. Every run delivers the
// whole transfer.
#include "scenarios/worlds/ns3/tcp/host-transmit-watch.h"
#include "scenarios/worlds/ns3/tcp/small-queues-tcp-socket-factory.h"

#include "ns3/applications-module.h"
#include "ns3/config.h"
#include "ns3/double.h"
#include "ns3/pointer.h"
#include "ns3/string.h"
#include "ns3/error-model.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/point-to-point-net-device.h"
#include "ns3/queue-disc.h"
#include "ns3/simulator.h"
#include "ns3/tcp-socket-factory.h"
#include "ns3/tcp-socket.h"
#include "ns3/traffic-control-layer.h"
#include "ns3/uinteger.h"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdint>
#include <vector>

namespace
{

using namespace ns3;

constexpr uint64_t kBytes = 4'000'000;

struct Transfer
{
    uint64_t received{0};
    uint32_t receiverPackets{0};    // what the receiver sent: its handshake, ACKs and FIN
    uint32_t mostQueuedAtSender{0}; // packets in the sender's queue disc and device queue
    uint32_t largestWindow{0};      // bytes
};

void
SampleQueue(Ptr<QueueDisc> disc, Ptr<Queue<Packet>> device, Transfer* t)
{
    t->mostQueuedAtSender =
        std::max(t->mostQueuedAtSender, disc->GetNPackets() + device->GetNPackets());
    Simulator::Schedule(MilliSeconds(1), &SampleQueue, disc, device, t);
}

void
WatchWindow(Ptr<Application> sender, Transfer* t)
{
    Ptr<Socket> socket = DynamicCast<BulkSendApplication>(sender)->GetSocket();
    socket->TraceConnectWithoutContext(
        "CongestionWindow",
        MakeBoundCallback(
            +[](Transfer* into, uint32_t, uint32_t now) {
                into->largestWindow = std::max(into->largestWindow, now);
            },
            t));
}

// Nodes 0 and 1 on a 10 Mbit/s, 1 ms link, FqCoDel on both devices, full-size segments, a
// receive buffer of `receiveBuffer`; `loss` of the packets node 1 receives are dropped.
struct TwoHosts
{
    NodeContainer nodes;
    NetDeviceContainer devices;
    Ipv4InterfaceContainer interfaces;
};

TwoHosts
Connect(double loss, uint32_t receiveBuffer)
{
    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1448));
    Config::SetDefault("ns3::TcpSocket::RcvBufSize", UintegerValue(receiveBuffer));
    TwoHosts hosts;
    hosts.nodes.Create(2);
    PointToPointHelper link;
    link.SetDeviceAttribute("DataRate", StringValue("10Mbps"));
    link.SetChannelAttribute("Delay", StringValue("1ms"));
    hosts.devices = link.Install(hosts.nodes);
    if (loss > 0)
    {
        Ptr<RateErrorModel> drop = CreateObject<RateErrorModel>();
        drop->SetAttribute("ErrorRate", DoubleValue(loss));
        drop->SetAttribute("ErrorUnit", StringValue("ERROR_UNIT_PACKET"));
        drop->AssignStreams(7);
        hosts.devices.Get(1)->SetAttribute("ReceiveErrorModel", PointerValue(drop));
    }
    InternetStackHelper().Install(hosts.nodes);
    hosts.interfaces = Ipv4AddressHelper("10.0.0.0", "255.255.255.0").Assign(hosts.devices);
    p2p::scenario::InstallTcpSmallQueues(hosts.nodes);
    return hosts;
}

// One bulk transfer of kBytes from node 0 to node 1, the sender's sockets from `factory`.
Transfer
Run(TypeId factory, double loss = 0, uint32_t receiveBuffer = 131072, uint64_t bytes = kBytes)
{
    TwoHosts hosts = Connect(loss, receiveBuffer);
    NodeContainer& nodes = hosts.nodes;
    NetDeviceContainer& devices = hosts.devices;
    Ipv4InterfaceContainer& interfaces = hosts.interfaces;

    PacketSinkHelper sinkHelper(factory.GetName(), InetSocketAddress(Ipv4Address::GetAny(), 9));
    ApplicationContainer sink = sinkHelper.Install(nodes.Get(1));
    BulkSendHelper sendHelper("ns3::TcpSocketFactory", InetSocketAddress(interfaces.GetAddress(1), 9));
    sendHelper.SetAttribute("Protocol", TypeIdValue(factory));
    sendHelper.SetAttribute("MaxBytes", UintegerValue(bytes));
    ApplicationContainer sender = sendHelper.Install(nodes.Get(0));
    sink.Start(Seconds(0));
    sender.Start(Seconds(0.01));

    Transfer t;
    Ptr<QueueDisc> disc =
        nodes.Get(0)->GetObject<TrafficControlLayer>()->GetRootQueueDiscOnDevice(devices.Get(0));
    Ptr<Queue<Packet>> device = DynamicCast<PointToPointNetDevice>(devices.Get(0))->GetQueue();
    // Past slow start's first round trips, where Linux allows a millisecond at twice the rate.
    Simulator::Schedule(Seconds(0.5), &SampleQueue, disc, device, &t);
    Simulator::Schedule(Seconds(0.011), &WatchWindow, sender.Get(0), &t);
    devices.Get(1)->TraceConnectWithoutContext(
        "MacTx",
        MakeBoundCallback(+[](Transfer* into, Ptr<const Packet>) { ++into->receiverPackets; }, &t));
    Simulator::Stop(Seconds(60));
    Simulator::Run();
    t.received = DynamicCast<PacketSink>(sink.Get(0))->GetTotalRx();
    Simulator::Destroy();
    return t;
}

const TypeId kSmallQueues = p2p::scenario::SmallQueuesTcpSocketFactory::GetTypeId();

} // namespace

BOOST_AUTO_TEST_CASE(a_sender_keeps_a_few_packets_in_its_host_queues_and_ns3_fills_them)
{
    const Transfer linuxLike = Run(kSmallQueues);
    const Transfer ns3 = Run(TcpSocketFactory::GetTypeId());
    BOOST_TEST_MESSAGE("most packets queued at the sender: small queues "
                       << linuxLike.mostQueuedAtSender << ", ns-3 " << ns3.mostQueuedAtSender);
    BOOST_TEST(linuxLike.received == kBytes);
    BOOST_TEST(ns3.received == kBytes);
    BOOST_TEST(linuxLike.mostQueuedAtSender <= 3u);
    BOOST_TEST(ns3.mostQueuedAtSender >= 20u);
}

BOOST_AUTO_TEST_CASE(the_window_stops_growing_while_the_host_queue_holds_the_sender)
{
    const Transfer linuxLike = Run(kSmallQueues);
    const Transfer ns3 = Run(TcpSocketFactory::GetTypeId());
    BOOST_TEST_MESSAGE("largest congestion window: small queues " << linuxLike.largestWindow / 1448
                       << " segments, ns-3 " << ns3.largestWindow / 1448);
    // The path holds 2.5 KB (10 Mbit/s, 2 ms) and the host queue three packets; slow start may
    // double what was in flight. ns-3's own grows until the receiver's window stops it.
    BOOST_TEST(linuxLike.largestWindow <= 32u * 1448);
    BOOST_TEST(ns3.largestWindow >= 64u * 1448);
}

BOOST_AUTO_TEST_CASE(a_send_buffer_above_the_receive_window_delivers_everything)
{
    // The sender's 128 KiB against a 16 KiB window, which its segments fill to the byte: ns-3 3.37
    // then offers an empty segment and crashes on it.
    BOOST_TEST(Run(kSmallQueues, 0, 16384).received == kBytes);
    BOOST_TEST(Run(kSmallQueues, 0.02, 16384).received == kBytes);
}

BOOST_AUTO_TEST_CASE(a_receiver_acknowledges_the_first_sixteen_segments_one_by_one)
{
    // 32 full segments: ns-3 acknowledges every second one, Linux's quick-ACK mode each of the
    // first 16, so about 8 ACKs more (7 when one of ns-3's would have gone alone anyway, at its
    // delayed-ACK timeout).
    const uint64_t bytes = 32 * 1448;
    const Transfer linuxLike = Run(kSmallQueues, 0, 131072, bytes);
    const Transfer ns3 = Run(TcpSocketFactory::GetTypeId(), 0, 131072, bytes);
    BOOST_TEST_MESSAGE("packets the receiver sent: quick ACKs " << linuxLike.receiverPackets
                       << ", ns-3 " << ns3.receiverPackets);
    BOOST_TEST(linuxLike.received == bytes);
    BOOST_TEST(ns3.received == bytes);
    BOOST_TEST(linuxLike.receiverPackets >= ns3.receiverPackets + 7);
    BOOST_TEST(linuxLike.receiverPackets <= ns3.receiverPackets + 8);
}

namespace
{

// Sends `bytes` on a socket of its own, closes it and lets go of it.
struct OneShot
{
    Ptr<Socket> socket;
    uint64_t left;

    void Fill(Ptr<Socket> s, uint32_t)
    {
        while (left > 0 && s->GetTxAvailable() > 0)
        {
            const auto n = static_cast<uint32_t>(std::min<uint64_t>(left, s->GetTxAvailable()));
            s->Send(Create<Packet>(n));
            left -= n;
        }
        if (left == 0 && socket)
        {
            s->Close();
            socket = nullptr;
        }
    }
};

} // namespace

BOOST_AUTO_TEST_CASE(a_closed_socket_is_freed_once_its_connection_is_over)
{
    TwoHosts hosts = Connect(0, 131072);
    NodeContainer& nodes = hosts.nodes;
    Ipv4InterfaceContainer& interfaces = hosts.interfaces;
    ApplicationContainer sink =
        PacketSinkHelper("ns3::TcpSocketFactory", InetSocketAddress(Ipv4Address::GetAny(), 9))
            .Install(nodes.Get(1));
    sink.Start(Seconds(0));
    // Ten connections one after the other, each held back by its host's queue (200 KB).
    std::vector<OneShot> shots(10, OneShot{nullptr, 200'000});
    for (std::size_t i = 0; i < shots.size(); ++i)
    {
        Simulator::Schedule(Seconds(1 + static_cast<double>(i)), [&shots, i, &nodes, &interfaces] {
            OneShot& shot = shots[i];
            shot.socket = Socket::CreateSocket(nodes.Get(0), kSmallQueues);
            shot.socket->SetSendCallback(MakeCallback(&OneShot::Fill, &shot));
            shot.socket->Connect(InetSocketAddress(interfaces.GetAddress(1), 9));
        });
    }
    auto watch = nodes.Get(0)->GetObject<p2p::scenario::HostTransmitWatch>();
    std::size_t watchedWhileSending = 0;
    Simulator::Schedule(Seconds(5.05), [&] { watchedWhileSending = watch->Watched(); });
    Simulator::Stop(Seconds(600)); // past every TIME_WAIT
    Simulator::Run();
    const uint64_t received = DynamicCast<PacketSink>(sink.Get(0))->GetTotalRx();
    const std::size_t watchedAtTheEnd = watch->Watched();
    Simulator::Destroy();
    BOOST_TEST_MESSAGE("sockets watched at 5 s: " << watchedWhileSending << ", at the end: " << watchedAtTheEnd);
    BOOST_TEST(received == 10u * 200'000u);
    BOOST_TEST(watchedWhileSending >= 1u);
    BOOST_TEST(watchedAtTheEnd == 0u);
}
