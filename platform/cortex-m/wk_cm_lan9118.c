/* SPDX-License-Identifier: Apache-2.0 */
/* Polled LAN9118 netif; see wk_cm_lan9118.h. Register layout: SMSC LAN9118
 * data sheet (32-bit bus, little-endian FIFO words). */
#include "wk_cm_lan9118.h"

#include <string.h>

#include "lwip/etharp.h"
#include "lwip/pbuf.h"
#include "netif/ethernet.h"

/* System control and status registers (byte offsets). */
#define RX_DATA_FIFO 0x00u
#define TX_DATA_FIFO 0x20u
#define RX_STATUS_FIFO 0x40u
#define TX_STATUS_FIFO 0x48u
#define ID_REV 0x50u
#define INT_EN 0x5Cu
#define BYTE_TEST 0x64u
#define RX_CFG 0x6Cu
#define TX_CFG 0x70u
#define HW_CFG 0x74u
#define RX_FIFO_INF 0x7Cu
#define TX_FIFO_INF 0x80u
#define PMT_CTRL 0x84u
#define MAC_CSR_CMD 0xA4u
#define MAC_CSR_DATA 0xA8u

#define BYTE_TEST_VALUE 0x87654321u
#define HW_CFG_SRST 1u
#define PMT_CTRL_READY 1u
#define TX_CFG_TX_ON 2u
#define TX_CFG_TXS_DUMP 0x8000u
#define RX_STATUS_ERROR 0x8000u
#define TX_CMD_A_FIRST 0x2000u
#define TX_CMD_A_LAST 0x1000u

/* MAC registers, reached through MAC_CSR_CMD / MAC_CSR_DATA. */
#define MAC_CR 1u
#define MAC_ADDRH 2u
#define MAC_ADDRL 3u
#define MAC_CSR_BUSY 0x80000000u
#define MAC_CSR_READ 0x40000000u
#define MAC_CR_RXEN 0x4u
#define MAC_CR_TXEN 0x8u

/* Frames the controller takes: an Ethernet frame without its FCS. */
#define FRAME_MAX 1518u
#define SPIN_LIMIT 100000u

static wk_cm_lan9118_stats_t stats;

static volatile uint32_t *reg(const struct netif *netif, uint32_t offset)
{
    return (volatile uint32_t *)((uintptr_t)netif->state + offset);
}

static uint32_t rd(const struct netif *netif, uint32_t offset)
{
    return *reg(netif, offset);
}

static void wr(const struct netif *netif, uint32_t offset, uint32_t v)
{
    *reg(netif, offset) = v;
}

static int mac_wait(const struct netif *netif)
{
    for (uint32_t i = 0u; i < SPIN_LIMIT; i++) {
        if ((rd(netif, MAC_CSR_CMD) & MAC_CSR_BUSY) == 0u) {
            return 0;
        }
    }
    return -1;
}

static uint32_t mac_read(const struct netif *netif, uint32_t index)
{
    wr(netif, MAC_CSR_CMD, MAC_CSR_BUSY | MAC_CSR_READ | index);
    (void)mac_wait(netif);
    return rd(netif, MAC_CSR_DATA);
}

static void mac_write(const struct netif *netif, uint32_t index, uint32_t v)
{
    wr(netif, MAC_CSR_DATA, v);
    wr(netif, MAC_CSR_CMD, MAC_CSR_BUSY | index);
    (void)mac_wait(netif);
}

/* One frame, gathered from the pbuf chain into whole FIFO words. */
static err_t output(struct netif *netif, struct pbuf *p)
{
    uint32_t len = p->tot_len;
    uint32_t word = 0u;
    uint32_t fill = 0u;
    uint32_t words = (len + 3u) / 4u;

    if (len == 0u || len > FRAME_MAX) {
        return ERR_ARG;
    }
    /* Room for the two command words and the data, in bytes. */
    for (uint32_t i = 0u; (rd(netif, TX_FIFO_INF) & 0xFFFFu) < words * 4u + 8u; i++) {
        if (i == SPIN_LIMIT) {
            return ERR_MEM;
        }
    }
    wr(netif, TX_DATA_FIFO, TX_CMD_A_FIRST | TX_CMD_A_LAST | len);
    wr(netif, TX_DATA_FIFO, (len << 16) | len); /* tag and length */
    for (const struct pbuf *q = p; q != NULL; q = q->next) {
        const uint8_t *b = q->payload;
        for (uint16_t i = 0u; i < q->len; i++) {
            word |= (uint32_t)b[i] << (8u * fill);
            if (++fill == 4u) {
                wr(netif, TX_DATA_FIFO, word);
                word = 0u;
                fill = 0u;
            }
        }
    }
    if (fill != 0u) {
        wr(netif, TX_DATA_FIFO, word);
    }
    /* Nobody reads the transmit statuses: drop them before the FIFO fills. */
    if ((rd(netif, TX_FIFO_INF) >> 16) & 0xFFu) {
        wr(netif, TX_CFG, TX_CFG_TX_ON | TX_CFG_TXS_DUMP);
    }
    stats.tx_frames++;
    return ERR_OK;
}

/* see wk_cm_lan9118.h */
err_t wk_cm_lan9118_init(struct netif *netif)
{
    uint32_t hi;
    uint32_t lo;
    uint32_t i;

    if (netif->state == NULL) {
        netif->state = (void *)(uintptr_t)WK_CM_LAN9118_BASE;
    }
    if (rd(netif, BYTE_TEST) != BYTE_TEST_VALUE || (rd(netif, ID_REV) >> 16) != 0x0118u) {
        return ERR_IF;
    }
    wr(netif, HW_CFG, HW_CFG_SRST);
    for (i = 0u; (rd(netif, HW_CFG) & HW_CFG_SRST) != 0u || (rd(netif, PMT_CTRL) & PMT_CTRL_READY) == 0u;
         i++) {
        if (i == SPIN_LIMIT) {
            return ERR_IF;
        }
    }
    wr(netif, INT_EN, 0u); /* polled */
    wr(netif, RX_CFG, 0u); /* no offset, no end padding */
    wr(netif, TX_CFG, TX_CFG_TX_ON);

    hi = mac_read(netif, MAC_ADDRH);
    lo = mac_read(netif, MAC_ADDRL);
    netif->hwaddr_len = ETH_HWADDR_LEN;
    for (i = 0u; i < 4u; i++) {
        netif->hwaddr[i] = (uint8_t)(lo >> (8u * i));
    }
    netif->hwaddr[4] = (uint8_t)hi;
    netif->hwaddr[5] = (uint8_t)(hi >> 8);
    /* Own address and broadcast only (the reset state is promiscuous). */
    mac_write(netif, MAC_CR, MAC_CR_RXEN | MAC_CR_TXEN);

    netif->name[0] = 'e';
    netif->name[1] = 'n';
    netif->mtu = 1500u;
    netif->flags = NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET |
                   NETIF_FLAG_LINK_UP;
    netif->output = etharp_output;
    netif->linkoutput = output;
    memset(&stats, 0, sizeof(stats));
    return ERR_OK;
}

/* A frame is skipped by reading it: the data sheet's fast-forward
 * (RX_DP_CTRL) is not modelled faithfully by every emulator. */
static void skip(const struct netif *netif, uint32_t len)
{
    for (uint32_t w = (len + 3u) / 4u; w > 0u; w--) {
        (void)rd(netif, RX_DATA_FIFO);
    }
}

/* Reads one frame of @p len bytes (FCS included) into a pool pbuf chain;
 * NULL (frame skipped) when the pool is empty. */
static struct pbuf *receive(const struct netif *netif, uint32_t len)
{
    uint32_t words = (len + 3u) / 4u;
    uint32_t data_len = len - 4u;
    uint32_t pos = 0u;
    struct pbuf *p = pbuf_alloc(PBUF_RAW, (u16_t)data_len, PBUF_POOL);
    struct pbuf *q = p;
    uint16_t off = 0u;

    if (p == NULL) {
        skip(netif, len);
        return NULL;
    }
    for (uint32_t w = 0u; w < words; w++) {
        uint32_t v = rd(netif, RX_DATA_FIFO);
        for (uint32_t b = 0u; b < 4u && pos < data_len; b++, pos++) {
            if (off == q->len) {
                q = q->next;
                off = 0u;
            }
            ((uint8_t *)q->payload)[off++] = (uint8_t)(v >> (8u * b));
        }
    }
    return p;
}

/* see wk_cm_lan9118.h */
uint32_t wk_cm_lan9118_poll(struct netif *netif)
{
    uint32_t handed = 0u;
    while (((rd(netif, RX_FIFO_INF) >> 16) & 0xFFu) != 0u) {
        uint32_t status = rd(netif, RX_STATUS_FIFO);
        uint32_t len = (status >> 16) & 0x3FFFu;
        struct pbuf *p = NULL;
        if ((status & RX_STATUS_ERROR) != 0u || len < 4u + 14u || len > FRAME_MAX + 4u) {
            skip(netif, len);
        } else {
            p = receive(netif, len);
        }
        if (p == NULL) {
            stats.rx_dropped++;
        } else if (netif->input(p, netif) != ERR_OK) {
            pbuf_free(p);
            stats.rx_dropped++;
        } else {
            stats.rx_frames++;
            handed++;
        }
    }
    return handed;
}

/* see wk_cm_lan9118.h */
const wk_cm_lan9118_stats_t *wk_cm_lan9118_stats(void)
{
    return &stats;
}
