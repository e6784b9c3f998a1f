/* SPDX-License-Identifier: Apache-2.0 */
/*
 * lwIP 2.1 options for the Cortex-M firmware (platform/cortex-m/firmware.c):
 * bare metal (NO_SYS 1, one superloop, raw API only), IPv4 with a static
 * address, one TCP connection, every buffer from lwIP's own static pools.
 * Sized for one TLS connection: the window is 4 segments, the receive pool
 * holds a window plus the frames in flight, the send buffer a request.
 */
#ifndef WK_CM_LWIPOPTS_H
#define WK_CM_LWIPOPTS_H

/* Bare metal: no threads, no semaphores, no sockets or netconns. */
#define NO_SYS 1
#define SYS_LIGHTWEIGHT_PROT 0
#define LWIP_SOCKET 0
#define LWIP_NETCONN 0

/* Memory: lwIP's static heap (MEM_SIZE, for PBUF_RAM: outgoing segments
 * and ARP/ICMP replies) and fixed pools; never the C library's malloc. */
#define MEM_LIBC_MALLOC 0
#define MEMP_MEM_MALLOC 0
#define MEM_ALIGNMENT 4
#define MEM_SIZE (4 * 1024)
#define MEMP_NUM_PBUF 4
#define MEMP_NUM_UDP_PCB 0
/* One connection, and the one before it while lwIP finishes closing it. */
#define MEMP_NUM_TCP_PCB 2
#define MEMP_NUM_TCP_PCB_LISTEN 0
#define MEMP_NUM_TCP_SEG 12
#define MEMP_NUM_ARP_QUEUE 4
#define PBUF_POOL_SIZE 6
#define PBUF_POOL_BUFSIZE LWIP_MEM_ALIGN_SIZE(TCP_MSS + 40 + PBUF_LINK_ENCAPSULATION_HLEN + PBUF_LINK_HLEN)

/* IPv4 only, static address: no DHCP, AutoIP, DNS, IGMP, UDP or IPv6. */
#define LWIP_IPV4 1
#define LWIP_IPV6 0
#define LWIP_ARP 1
#define ARP_TABLE_SIZE 2
/* Queue every packet waiting for an address, not only the last: otherwise
 * a reset sent to the same host (a stale connection's FIN) replaces the SYN
 * waiting for the server's ARP reply, and the connect waits for TCP's
 * retransmission. */
#define ARP_QUEUEING 1
#define LWIP_ETHERNET 1
#define LWIP_ICMP 1
#define LWIP_DHCP 0
#define LWIP_AUTOIP 0
#define LWIP_DNS 0
#define LWIP_IGMP 0
#define LWIP_UDP 0
#define LWIP_RAW 0
#define IP_REASSEMBLY 0
#define IP_FRAG 0

/* TCP: one connection; a 4-segment window keeps 16 KiB TLS records moving. */
#define LWIP_TCP 1
#define TCP_MSS 1460
#define TCP_WND (4 * TCP_MSS)
#define TCP_SND_BUF (2 * TCP_MSS)
#define TCP_SND_QUEUELEN ((4 * TCP_SND_BUF + TCP_MSS - 1) / TCP_MSS)
#define TCP_QUEUE_OOSEQ 0
#define LWIP_TCP_KEEPALIVE 0
#define LWIP_CALLBACK_API 1
#define LWIP_NETIF_STATUS_CALLBACK 0
#define LWIP_NETIF_LINK_CALLBACK 0

/* The driver computes no checksums: lwIP does, both ways. */
#define CHECKSUM_GEN_IP 1
#define CHECKSUM_GEN_TCP 1
#define CHECKSUM_CHECK_IP 1
#define CHECKSUM_CHECK_TCP 1

/* Pool and heap high-water marks for the firmware's report; no other
 * statistics, no debug output (no stdio in the image). */
#define LWIP_STATS 1
#define MEM_STATS 1
#define MEMP_STATS 1
#define LINK_STATS 0
#define ETHARP_STATS 0
#define IP_STATS 0
#define ICMP_STATS 0
#define TCP_STATS 0
#define SYS_STATS 0

#endif /* WK_CM_LWIPOPTS_H */
