-- SPDX-License-Identifier: GPL-2.0-only
-- Wireshark/tshark dissector for the p2p test-bed protocol, wire format v2 (v1 PDUs are v2 PDUs).
--   tshark -X lua_script:tools/wireshark/p2p.lua -o tcp.reassemble_out_of_order:TRUE -r run.pcap \
--          [-o p2p.udp_port:5000 -o p2p.tcp_port:6000]
-- UDP to/from the index: one PDU per datagram, type[1] data[0..100].
-- TCP between peers: frames type[1] length[2] data[length], reassembled across segments. Keep TCP's
-- out-of-order reassembly on (as above; Wireshark's default is off): on a lossy link a C frame's
-- segments arrive after retransmissions, and without it the frames behind the gap are not decoded.
-- Every rule the C++ decoder enforces is checked here too and reported as an expert error, so that
-- `tshark -Y _ws.expert.severity==error` lists exactly the PDUs a receiver would refuse.

local p2p = Proto("p2p", "P2P test-bed protocol")

local TYPE_NAMES = {
  [0x52] = "R register", [0x53] = "S search", [0x54] = "T de-register", [0x4F] = "O list",
  [0x41] = "A acknowledge", [0x45] = "E error", [0x44] = "D download request",
  [0x43] = "C content data", [0x46] = "F end of content", [0x4B] = "K skip report",
}
local ERROR_NAMES = {
  [1] = "malformed PDU", [2] = "unknown type", [3] = "bad name", [4] = "name taken", [5] = "not found",
  [6] = "not the owner", [7] = "registry full", [8] = "address mismatch", [9] = "content unavailable",
  [10] = "internal", [11] = "busy", [12] = "bad range",
}
-- K (an extension of v2: a requester tells the index why it skips a server).
local SKIP_REASONS = { [1] = "busy", [2] = "failed", [3] = "in use", [4] = "released" }

local f = {
  type = ProtoField.char("p2p.type", "Type", base.NONE, TYPE_NAMES),
  request = ProtoField.bool("p2p.request", "To the index"),
  length = ProtoField.uint16("p2p.length", "Length", base.DEC),
  peer = ProtoField.string("p2p.peer", "Peer"),
  content = ProtoField.string("p2p.content", "Content"),
  address = ProtoField.string("p2p.address", "Address"),
  exclude = ProtoField.string("p2p.exclude", "Excluded peer"),
  cursor = ProtoField.uint16("p2p.cursor", "Cursor", base.DEC),
  next_cursor = ProtoField.uint16("p2p.next_cursor", "Next cursor", base.DEC),
  error_code = ProtoField.uint8("p2p.error_code", "Error code", base.DEC, ERROR_NAMES),
  error_message = ProtoField.string("p2p.error_message", "Error message"),
  data = ProtoField.bytes("p2p.data", "Content data"),
  size = ProtoField.uint64("p2p.size", "Content size", base.DEC),
  offset = ProtoField.uint64("p2p.offset", "Offset", base.DEC),
  range_length = ProtoField.uint64("p2p.range_length", "Range length", base.DEC),
  lease = ProtoField.uint32("p2p.lease", "Lease (s)", base.DEC),
  sha256 = ProtoField.bytes("p2p.sha256", "SHA-256"),
  server = ProtoField.string("p2p.server", "Skipped server"),
  skip_reason = ProtoField.uint8("p2p.skip_reason", "Skip reason", base.DEC, SKIP_REASONS),
}
p2p.fields = f

-- One expert per kind of fault; all are errors in the "malformed" group.
local function malformed_expert(abbr, text)
  return ProtoExpert.new("p2p." .. abbr, text, expert.group.MALFORMED, expert.severity.ERROR)
end
local ex = {
  length = malformed_expert("bad_length", "Length not allowed for this PDU type"),
  type = malformed_expert("unknown_type", "Unknown or misplaced PDU type"),
  name = malformed_expert("bad_name", "Bad name field"),
  address = malformed_expert("bad_address", "Bad address field"),
  code = malformed_expert("bad_error_code", "Unknown error code"),
  reason = malformed_expert("bad_skip_reason", "Unknown skip reason"),
  padding = malformed_expert("bad_padding", "Bytes other than NUL after a field's padding"),
}
p2p.experts = { ex.length, ex.type, ex.name, ex.address, ex.code, ex.reason, ex.padding }

p2p.prefs.udp_port = Pref.uint("Index UDP port", 5000, "UDP port of the index server")
p2p.prefs.tcp_port = Pref.uint("Peer TCP port", 6000, "TCP port peers serve content on")
p2p.prefs.tcp_heuristic = Pref.bool("Find TCP streams on any port", true,
  "Recognise a stream on any port by its first D, F or E frame")

---------------------------------------------------------------------------------------------------
-- Field checks. Each returns the text to show, or nil plus why it is bad.

local function check_name(raw)
  local len = raw:find("\0", 1, true)
  local text = len and raw:sub(1, len - 1) or raw
  if len and raw:sub(len):find("[^%z]") then return nil, "bytes after the NUL padding" end
  if text == "" then return nil, "empty" end
  if text == "." or text == ".." then return nil, "may not be . or .." end
  if text:find("[^\33-\126]") then return nil, "space, control or non-ASCII byte" end
  if text:find("[/\\]") then return nil, "contains / or \\" end
  return text
end

local function check_port(s)
  return s:match("^%d+$") and #s <= 5 and tonumber(s) <= 65535
end

-- IPv6 is checked loosely (characters and at most one "::"); the C++ codec is the strict reference.
local function check_endpoint(text)
  local v6, port = text:match("^%[(.*)%]:(.*)$")
  if v6 then
    local _, doubles = v6:gsub("::", "")
    return v6:find(":") and not v6:find("[^%x:.]") and doubles <= 1 and check_port(port)
  end
  local a, b, c, d, p = text:match("^(%d+)%.(%d+)%.(%d+)%.(%d+):(.*)$")
  if not a then return false end
  for _, o in ipairs({ a, b, c, d }) do
    if #o > 3 or tonumber(o) > 255 then return false end
  end
  return check_port(p)
end

-- An address runs to the end of its field; only NULs may follow the text. In R alone, a decimal port
-- alone means the sender's address with that port.
local function check_address(raw, port_alone)
  local text = raw:gsub("%z+$", "")
  if text == "" then return nil, "empty" end
  if #text > 80 then return nil, "longer than 80 bytes" end
  if port_alone and check_port(text) and not text:find("^0%d") then return text .. " (the sender's address, this port)" end
  if text:find("%z") or not check_endpoint(text) then return nil, "not a.b.c.d:port or [v6]:port" end
  return text
end

---------------------------------------------------------------------------------------------------
-- Field adders: they add the item, flag it when bad, and return the shown text ("?" when bad).

local function add_name(tree, field, tvb, off, what)
  local range = tvb(off, 10)
  local text, why = check_name(range:raw())
  local item = tree:add(field, range, text or range:string())
  if not text then
    item:add_proto_expert_info(ex.name, what .. " name: " .. why)
    return "?"
  end
  return text
end

local function add_address(tree, tvb, off, port_alone)
  local range = tvb(off)
  local text, why = check_address(range:raw(), port_alone)
  local item = tree:add(f.address, range, text or range:string())
  if not text then
    item:add_proto_expert_info(ex.address, "address " .. why)
    return "?"
  end
  return text
end

local function add_error(tree, tvb, off, len)
  local code = tvb(off, 1):uint()
  local item = tree:add(f.error_code, tvb(off, 1))
  if not ERROR_NAMES[code] then item:add_proto_expert_info(ex.code, "unknown error code " .. code) end
  local msg = ""
  if len > 1 then
    msg = tvb(off + 1, len - 1):raw():gsub("%z+$", "")
    tree:add(f.error_message, tvb(off + 1, len - 1), msg)
  end
  return string.format("E %d %s: %s", code, ERROR_NAMES[code] or "?", msg)
end

-- The course's fixed struct zero-fills a datagram to 101 bytes: from `off` (tvb offset) to the end only
-- NULs may follow. Flags the first other byte with its data offset; true when all is padding.
local function padding(tree, tvb, off, what)
  local n = tvb:len()
  if off >= n then return true end
  local raw = tvb(off, n - off):raw()
  local at = raw:find("[^%z]")
  if not at then return true end
  tree:add_proto_expert_info(ex.padding, string.format("%s: byte 0x%02x at data offset %d follows its NUL padding",
    what, raw:byte(at), off + at - 2))
  return false
end

-- Names in 10-byte slots from `off` to the end: an all-NUL slot, or a trailing one shorter than 10 bytes,
-- ends the list (padding follows).
local function add_name_slots(tree, field, tvb, off, max, what)
  local names, n = {}, tvb:len()
  while off < n and #names < max do
    local len = math.min(10, n - off)
    if not tvb(off, len):raw():find("[^%z]") or len < 10 then break end
    names[#names + 1] = add_name(tree, field, tvb, off, what)
    off = off + 10
  end
  padding(tree, tvb, off, "the " .. what .. " names")
  return names
end

local function bad_length(tree, ptype, len)
  tree:add_proto_expert_info(ex.length, string.format("%s with %d data bytes", ptype, len))
  return string.format("%s [bad length %d]", ptype, len)
end

---------------------------------------------------------------------------------------------------
-- UDP: the direction decides between the request and the answer layouts of S and O.

local function peer_slash_content(tree, tvb, off)
  local peer = add_name(tree, f.peer, tvb, off, "peer")
  return peer .. "/" .. add_name(tree, f.content, tvb, off + 10, "content")
end

local udp_request = {
  R = function(tree, tvb, n)
    if n < 21 then return bad_length(tree, "R", n) end
    return "R " .. peer_slash_content(tree, tvb, 1) .. " " .. add_address(tree, tvb, 21, true)
  end,
  S = function(tree, tvb, n)
    if n < 20 then return bad_length(tree, "S?", n) end
    local peer = add_name(tree, f.peer, tvb, 1, "peer")
    local info = "S? " .. add_name(tree, f.content, tvb, 11, "content") .. " by " .. peer
    local excluded = add_name_slots(tree, f.exclude, tvb, 21, 8, "excluded")
    if #excluded > 0 then info = info .. " excluding " .. table.concat(excluded, ",") end
    return info
  end,
  T = function(tree, tvb, n)
    if n < 20 then return bad_length(tree, "T", n) end
    padding(tree, tvb, 21, "T after its names")
    return "T " .. peer_slash_content(tree, tvb, 1)
  end,
  -- requester[10] content[10] server[10] reason[1] (1 busy, 2 failed, 3 in use, 4 released), then padding.
  K = function(tree, tvb, n)
    if n < 31 then return bad_length(tree, "K", n) end
    local who = peer_slash_content(tree, tvb, 1)
    local server = add_name(tree, f.server, tvb, 21, "server")
    local reason = tvb(31, 1):uint()
    local item = tree:add(f.skip_reason, tvb(31, 1))
    if not SKIP_REASONS[reason] then item:add_proto_expert_info(ex.reason, "skip reason " .. reason .. " is not 1..4") end
    padding(tree, tvb, 32, "K after its reason")
    return "K " .. who .. " skips " .. server .. ": " .. (SKIP_REASONS[reason] or "?")
  end,
  -- No data, or all NUL, asks from the start.
  O = function(tree, tvb, n)
    if n == 1 and tvb(1, 1):uint() ~= 0 then return bad_length(tree, "O?", n) end
    if n < 2 then return "O? cursor 0" end
    tree:add(f.cursor, tvb(1, 2))
    padding(tree, tvb, 3, "O after its cursor")
    return "O? cursor " .. tvb(1, 2):uint()
  end,
}

local udp_reply = {
  S = function(tree, tvb, n)
    if n < 21 then return bad_length(tree, "S", n) end
    return "S " .. peer_slash_content(tree, tvb, 1) .. " " .. add_address(tree, tvb, 21)
  end,
  O = function(tree, tvb, n)
    if n < 2 then return bad_length(tree, "O", n) end
    tree:add(f.next_cursor, tvb(1, 2))
    local names = add_name_slots(tree, f.content, tvb, 3, 9, "listed content")
    return string.format("O next %d: %s", tvb(1, 2):uint(), #names > 0 and table.concat(names, ",") or "(none)")
  end,
  -- 24 bytes answering an R (v2: lease[4], 0 = never expires); 20 answering a T, or from a v1 index.
  -- Zero-filled further, the lease is read from bytes 20..23 (a padded 20-byte A: lease 0).
  A = function(tree, tvb, n)
    if n < 20 or (n > 20 and n < 24 and tvb(21, n - 20):raw():find("[^%z]")) then return bad_length(tree, "A", n) end
    local info = "A " .. peer_slash_content(tree, tvb, 1)
    if n >= 24 then
      padding(tree, tvb, 25, "A after its lease")
      tree:add(f.lease, tvb(21, 4))
      local lease = tvb(21, 4):uint()
      info = info .. (lease == 0 and " lease none" or string.format(" lease %d s", lease))
    end
    return info
  end,
  E = function(tree, tvb, n)
    if n < 1 or n > 100 then return bad_length(tree, "E", n) end
    return add_error(tree, tvb, 1, n)
  end,
}

-- A capture cut by its snap length cannot be checked: show it, flag nothing.
local function truncated(tvb, pinfo, root)
  if tvb:len() >= tvb:reported_len() then return false end
  pinfo.cols.protocol = "P2P"
  pinfo.cols.info = "[truncated capture]"
  root:add(p2p, tvb()):append_text(string.format(": truncated capture, %d of %d bytes", tvb:len(), tvb:reported_len()))
  return true
end

local function dissect_udp(tvb, pinfo, root)
  if truncated(tvb, pinfo, root) then return tvb:len() end
  pinfo.cols.protocol = "P2P"
  local total = tvb:len()
  local tree = root:add(p2p, tvb())
  local index_port = p2p.prefs.udp_port
  -- Neither port is the index's only under "Decode As"; then only A and E can be replies.
  local is_request = pinfo.dst_port == index_port
  if pinfo.dst_port ~= index_port and pinfo.src_port ~= index_port then
    is_request = tvb(0, 1):string() ~= "A" and tvb(0, 1):string() ~= "E"
  end
  tree:add(f.type, tvb(0, 1))
  tree:add(f.request, is_request):set_generated()
  local t = tvb(0, 1):string()
  local handler = (is_request and udp_request or udp_reply)[t]
  local info
  if total > 101 then
    info = bad_length(tree, t, total - 1)
  elseif handler then
    info = handler(tree, tvb, total - 1)
  else
    tree:add_proto_expert_info(ex.type, string.format("type 0x%02x is not a %s", tvb(0, 1):uint(),
      is_request and "request to the index" or "reply from the index"))
    info = string.format("[type 0x%02x not allowed %s the index]", tvb(0, 1):uint(), is_request and "to" or "from")
  end
  pinfo.cols.info = info
  tree:append_text(": " .. info)
  return total
end

---------------------------------------------------------------------------------------------------
-- TCP frames.

-- D: 20 bytes (whole content), 28 (offset[8]: from there to the end), 36 (offset[8] length[8]).
local function d_length_ok(n) return n == 20 or n == 28 or n == 36 end
local FRAME_LENGTH_OK = {
  D = d_length_ok,
  C = function(n) return n >= 1 end,
  F = function(n) return n == 40 end,
  E = function(n) return n >= 1 and n <= 100 end,
}

local function frame_len(tvb, pinfo, off)
  local t = tvb(off, 1):string()
  -- After a bad type the length field means nothing: take the rest of the segment, since a
  -- receiver closes the stream there anyway.
  if not FRAME_LENGTH_OK[t] then return tvb:reported_len() - off end
  return 3 + tvb(off + 1, 2):uint()
end

local function dissect_frame(tvb, pinfo, root)
  pinfo.cols.protocol = "P2P"
  local tree = root:add(p2p, tvb())
  local t = tvb(0, 1):string()
  tree:add(f.type, tvb(0, 1))
  local info
  if not FRAME_LENGTH_OK[t] then
    tree:add_proto_expert_info(ex.type, string.format("type 0x%02x does not travel over TCP", tvb(0, 1):uint()))
    info = string.format("[type 0x%02x not allowed on a stream]", tvb(0, 1):uint())
  else
    tree:add(f.length, tvb(1, 2))
    local n = tvb(1, 2):uint()
    if not FRAME_LENGTH_OK[t](n) then
      info = bad_length(tree, t, n)
    elseif tvb:len() < 3 + n then -- only when TCP reassembly is off
      info = string.format("%s %d bytes, continued in later segments", t, n)
      if tvb:len() > 3 then tree:add(f.data, tvb(3)) end
    elseif t == "D" then
      info = "D " .. peer_slash_content(tree, tvb, 3)
      if n >= 28 then
        tree:add(f.offset, tvb(23, 8))
        info = info .. " from " .. tostring(tvb(23, 8):uint64())
      end
      if n == 36 then
        tree:add(f.range_length, tvb(31, 8))
        local len = tvb(31, 8):uint64()
        info = info .. (len == UInt64(0) and ", length 0 (F only)" or ", length " .. tostring(len))
      end
    elseif t == "C" then
      tree:add(f.data, tvb(3, n))
      info = string.format("C %d bytes", n)
    elseif t == "F" then
      tree:add(f.size, tvb(3, 8))
      tree:add(f.sha256, tvb(11, 32))
      info = string.format("F %s bytes sha256 %s...", tostring(tvb(3, 8):uint64()), tostring(tvb(11, 4):bytes()):lower())
    else
      info = add_error(tree, tvb, 3, n)
    end
  end
  tree:append_text(": " .. info)
  -- Several frames can share a segment: list them all (TCP fences the column between them).
  if pinfo.private.p2p_seen then
    pinfo.cols.info:append(", " .. info)
  else
    pinfo.cols.info = info
    pinfo.private.p2p_seen = "1"
  end
  return tvb:len()
end

local function dissect_tcp(tvb, pinfo, root)
  if truncated(tvb, pinfo, root) then return tvb:len() end
  dissect_tcp_pdus(tvb, root, 3, frame_len, dissect_frame, true)
  return tvb:len()
end

-- Called for TCP on ports no one claimed: accept a stream whose segment starts with a strictly valid
-- D, F or E frame, then keep the whole conversation (C frames alone are too easy to mistake).
local function heuristic_tcp(tvb, pinfo, root)
  if not p2p.prefs.tcp_heuristic or tvb:len() < 4 then return false end
  local t, n = tvb(0, 1):string(), tvb(1, 2):uint()
  if tvb:len() < 3 + n then return false end
  if t == "D" then
    if not d_length_ok(n) or not check_name(tvb(3, 10):raw()) or not check_name(tvb(13, 10):raw()) then
      return false
    end
  elseif t == "F" then
    if n ~= 40 then return false end
  elseif t == "E" then
    if n < 1 or n > 100 or not ERROR_NAMES[tvb(3, 1):uint()] then return false end
    if n > 1 and tvb(4, n - 1):raw():gsub("%z+$", ""):find("[^\32-\126]") then return false end
  else
    return false
  end
  pinfo.conversation = p2p
  dissect_tcp(tvb, pinfo, root)
  return true
end

---------------------------------------------------------------------------------------------------
-- Registration. Ports follow the preferences, so a pref change moves them.

-- One protocol for both transports, so that a heuristically found conversation uses it too.
local PT_UDP = 3 -- epan's port_type enum value for UDP
function p2p.dissector(tvb, pinfo, root)
  if pinfo.port_type == PT_UDP then return dissect_udp(tvb, pinfo, root) end
  return dissect_tcp(tvb, pinfo, root)
end

local registered = {}
local function register_ports()
  local udp_table, tcp_table = DissectorTable.get("udp.port"), DissectorTable.get("tcp.port")
  if registered.udp then udp_table:remove(registered.udp, p2p) end
  if registered.tcp then tcp_table:remove(registered.tcp, p2p) end
  registered.udp, registered.tcp = p2p.prefs.udp_port, p2p.prefs.tcp_port
  udp_table:add(registered.udp, p2p)
  tcp_table:add(registered.tcp, p2p)
end

-- UDP hands no empty payload to a subdissector, so a post-dissector flags empty datagrams to the
-- index or from it (protocol.md counts them as malformed).
local udp_length, udp_src, udp_dst = Field.new("udp.length"), Field.new("udp.srcport"), Field.new("udp.dstport")
local empty_check = Proto("p2p_empty", "P2P empty datagram check")
function empty_check.dissector(tvb, pinfo, root)
  local len, src, dst = udp_length(), udp_src(), udp_dst()
  if not len or len.value ~= 8 then return end
  if src.value ~= p2p.prefs.udp_port and dst.value ~= p2p.prefs.udp_port then return end
  pinfo.cols.protocol = "P2P"
  pinfo.cols.info = "[empty datagram]"
  root:add(p2p, tvb(tvb:len(), 0)):add_proto_expert_info(ex.length, "empty datagram")
end
register_postdissector(empty_check)

p2p.prefs_changed = register_ports
register_ports()
p2p:register_heuristic("tcp", heuristic_tcp)
