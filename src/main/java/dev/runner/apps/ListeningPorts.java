package dev.runner.apps;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The TCP ports a set of processes listens on, from {@code /proc} (Linux): the socket inodes among
 * each process's open files ({@code /proc/PID/fd}), looked up in the kernel's socket tables
 * ({@code /proc/PID/net/tcp} and {@code tcp6}). Only listening sockets bound to loopback or to any
 * address count: those are the ones the runner can connect to on 127.0.0.1. Elsewhere (no
 * {@code /proc}) the answer is empty.
 */
public final class ListeningPorts {
  private static final String LISTEN = "0A";

  private ListeningPorts() {}

  /** The ports, sorted; processes that are gone or unreadable are skipped. */
  public static Set<Integer> of(List<Long> pids) {
    Set<Long> inodes = new HashSet<>();
    for (long pid : pids) {
      inodes.addAll(socketInodes(pid));
    }
    Set<Integer> ports = new TreeSet<>();
    if (inodes.isEmpty()) {
      return ports;
    }
    for (long pid : pids) { // every process of a tree shares one network namespace as a rule; read until one answers
      boolean read = false;
      for (String table : List.of("tcp", "tcp6")) {
        try {
          ports.addAll(parse(Files.readString(Path.of("/proc", Long.toString(pid), "net", table)), inodes));
          read = true;
        } catch (IOException | RuntimeException e) {
          // gone, or no IPv6
        }
      }
      if (read) {
        break;
      }
    }
    return ports;
  }

  static Set<Long> socketInodes(long pid) {
    Set<Long> inodes = new HashSet<>();
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : fds) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[") && target.endsWith("]")) {
            inodes.add(Long.parseLong(target.substring(8, target.length() - 1)));
          }
        } catch (IOException | RuntimeException e) {
          // closed meanwhile
        }
      }
    } catch (IOException | RuntimeException e) {
      // gone, or not ours to read
    }
    return inodes;
  }

  /**
   * The listening ports in one {@code /proc/net/tcp}-style table whose socket is one of
   * {@code inodes}. Columns: {@code sl local_address rem_address st ... uid timeout inode}; an
   * address is hex, each 32-bit word in the kernel's (little-endian) byte order, then the port.
   */
  static Set<Integer> parse(String table, Set<Long> inodes) {
    Set<Integer> ports = new TreeSet<>();
    for (String line : table.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 10 || !f[3].equals(LISTEN) || !f[0].endsWith(":")) {
        continue;
      }
      long inode;
      try {
        inode = Long.parseLong(f[9]);
      } catch (NumberFormatException e) {
        continue;
      }
      int colon = f[1].indexOf(':');
      if (!inodes.contains(inode) || colon < 0) {
        continue;
      }
      InetAddress address = address(f[1].substring(0, colon));
      if (address != null && (address.isLoopbackAddress() || address.isAnyLocalAddress())) {
        ports.add(Integer.parseInt(f[1].substring(colon + 1), 16));
      }
    }
    return ports;
  }

  private static InetAddress address(String hex) {
    if (hex.length() != 8 && hex.length() != 32) {
      return null;
    }
    byte[] bytes = new byte[hex.length() / 2];
    for (int word = 0; word < bytes.length / 4; word++) {
      for (int b = 0; b < 4; b++) { // reversed within each word
        int at = word * 8 + (3 - b) * 2;
        bytes[word * 4 + b] = (byte) Integer.parseInt(hex.substring(at, at + 2), 16);
      }
    }
    try {
      return InetAddress.getByAddress(bytes); // an IPv4-mapped IPv6 address comes back as IPv4
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
