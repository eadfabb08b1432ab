package dev.runner.hotswap;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One class file read for comparison (JVMS chapter 4; no library, the format is simple and
 * stable): header, members and attributes, each attribute as text that means the same for two
 * compiles of the same source ({@link ConstantPool#render}). Debug-only attributes
 * ({@code SourceFile}, {@code SourceDebugExtension}, and inside a body the line and local
 * variable tables) are dropped; an attribute this reader does not know is kept as raw bytes, so
 * it can only make two classes look different, never alike.
 *
 * @param attributes the class's attributes by name, rendered
 */
record ClassShape(String name, int major, int minor, int access, String superName, List<String> interfaces,
    List<Member> fields, List<Member> methods, Map<String, String> attributes) {

  /**
   * A field or method. {@code body} is the normalized {@code Code} attribute (null for a field or
   * an abstract or native method); {@code annotationTypes} are the descriptors of every
   * annotation on the member or its parameters.
   */
  record Member(int access, String name, String descriptor, Map<String, String> attributes,
      Set<String> annotationTypes, String body) {
    String key() {
      return name + descriptor;
    }
  }

  static ClassShape parse(byte[] bytes) throws IOException {
    try {
      return new Reader(new DataInputStream(new ByteArrayInputStream(bytes))).read();
    } catch (RuntimeException e) { // an index or a length out of range: a broken file, not a bug here
      throw new IOException("malformed class file: " + e, e);
    }
  }

  private static final class Reader {
    private final DataInputStream in;
    private ConstantPool pool;
    private final List<byte[]> codes = new ArrayList<>(); // per method, null without one; normalized last

    Reader(DataInputStream in) {
      this.in = in;
    }

    ClassShape read() throws IOException {
      if (in.readInt() != 0xCAFEBABE) {
        throw new IOException("not a class file");
      }
      int minor = in.readUnsignedShort();
      int major = in.readUnsignedShort();
      pool = ConstantPool.read(in);
      int access = in.readUnsignedShort();
      String name = pool.className(in.readUnsignedShort());
      String superName = pool.className(in.readUnsignedShort());
      List<String> interfaces = new ArrayList<>();
      for (int n = in.readUnsignedShort(); n > 0; n--) {
        interfaces.add(pool.className(in.readUnsignedShort()));
      }
      List<Member> fields = members(false);
      List<Member> methods = members(true);
      Map<String, String> attributes = attributes(new HashSet<>(), false);
      // a body can be read only now: an invokedynamic means its bootstrap method, which comes last
      List<Member> withBodies = new ArrayList<>();
      for (int i = 0; i < methods.size(); i++) {
        Member m = methods.get(i);
        String body = codes.get(i) == null ? null : Bytecode.normalize(codes.get(i), pool);
        withBodies.add(new Member(m.access(), m.name(), m.descriptor(), m.attributes(), m.annotationTypes(), body));
      }
      return new ClassShape(name, major, minor, access, superName, List.copyOf(interfaces), fields,
          List.copyOf(withBodies), attributes);
    }

    private List<Member> members(boolean methods) throws IOException {
      List<Member> members = new ArrayList<>();
      for (int n = in.readUnsignedShort(); n > 0; n--) {
        int access = in.readUnsignedShort();
        String name = pool.utf8(in.readUnsignedShort());
        String descriptor = pool.utf8(in.readUnsignedShort());
        Set<String> types = new HashSet<>();
        if (methods) {
          codes.add(null);
        }
        Map<String, String> attributes = attributes(types, methods);
        members.add(new Member(access, name, descriptor, attributes, Set.copyOf(types), null));
      }
      return List.copyOf(members);
    }

    /** With {@code method}, a Code attribute goes to {@link #codes} as the last method's. */
    private Map<String, String> attributes(Set<String> types, boolean method) throws IOException {
      Map<String, String> rendered = new TreeMap<>();
      for (int n = in.readUnsignedShort(); n > 0; n--) {
        String name = pool.utf8(in.readUnsignedShort());
        byte[] body = new byte[in.readInt()];
        in.readFully(body);
        if (name.equals("Code") && method) {
          codes.set(codes.size() - 1, body);
        } else if (name.equals("BootstrapMethods")) {
          pool.bootstraps(bootstraps(body));
        } else if (!name.equals("SourceFile") && !name.equals("SourceDebugExtension")) {
          rendered.put(name, render(name, body, types));
        }
      }
      return Collections.unmodifiableMap(rendered);
    }

    private String render(String name, byte[] body, Set<String> types) throws IOException {
      if (Annotations.isAnnotationAttribute(name)) {
        return Annotations.render(name, body, pool, types);
      }
      DataInputStream a = new DataInputStream(new ByteArrayInputStream(body));
      return switch (name) {
        case "ConstantValue" -> pool.render(a.readUnsignedShort());
        case "Signature" -> pool.utf8(a.readUnsignedShort());
        case "Synthetic", "Deprecated" -> "";
        case "Exceptions", "NestMembers", "PermittedSubclasses" -> {
          Set<String> names = new TreeSet<>(); // javac's order carries no meaning
          for (int n = a.readUnsignedShort(); n > 0; n--) {
            names.add(pool.className(a.readUnsignedShort()));
          }
          yield String.join(",", names);
        }
        case "NestHost" -> pool.className(a.readUnsignedShort());
        case "EnclosingMethod" -> {
          String owner = pool.className(a.readUnsignedShort());
          int method = a.readUnsignedShort();
          yield owner + (method == 0 ? "" : "." + pool.render(method));
        }
        case "InnerClasses" -> {
          Set<String> entries = new TreeSet<>();
          for (int n = a.readUnsignedShort(); n > 0; n--) {
            String inner = pool.className(a.readUnsignedShort());
            String outer = pool.className(a.readUnsignedShort());
            int simple = a.readUnsignedShort();
            entries.add(inner + " in " + outer + " as " + (simple == 0 ? "" : pool.utf8(simple))
                + " flags " + a.readUnsignedShort());
          }
          yield String.join(",", entries);
        }
        case "MethodParameters" -> {
          StringBuilder text = new StringBuilder();
          for (int n = a.readUnsignedByte(); n > 0; n--) {
            int parameter = a.readUnsignedShort();
            text.append(parameter == 0 ? "" : pool.utf8(parameter)).append(':').append(a.readUnsignedShort()).append(',');
          }
          yield text.toString();
        }
        case "Record" -> {
          StringBuilder text = new StringBuilder();
          for (int n = a.readUnsignedShort(); n > 0; n--) {
            text.append(pool.utf8(a.readUnsignedShort())).append(pool.utf8(a.readUnsignedShort()))
                .append(new Reader(a, pool).attributes(types, false)).append(';');
          }
          yield text.toString();
        }
        default -> "raw " + HexFormat.of().formatHex(body);
      };
    }

    private Reader(DataInputStream in, ConstantPool pool) {
      this.in = in;
      this.pool = pool;
    }

    private static int[][] bootstraps(byte[] body) throws IOException {
      DataInputStream a = new DataInputStream(new ByteArrayInputStream(body));
      int[][] table = new int[a.readUnsignedShort()][];
      for (int i = 0; i < table.length; i++) {
        int handle = a.readUnsignedShort();
        int[] entry = new int[1 + a.readUnsignedShort()];
        entry[0] = handle;
        for (int j = 1; j < entry.length; j++) {
          entry[j] = a.readUnsignedShort();
        }
        table[i] = entry;
      }
      return table;
    }
  }
}
