package dev.runner.build;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What incremental compilation needs to know about one class file, read straight from its bytes
 * (JVMS chapter 4; no library, the format is simple and stable).
 *
 * <ul>
 *   <li>{@code refs}: every class the file mentions, from {@code CONSTANT_Class} entries and from
 *       every descriptor or generic signature in the constant pool (with {@code -g} that includes
 *       the types of local variables). It over-approximates on purpose: a false dependent costs one
 *       extra file to compile, a missed one costs a {@code NoSuchMethodError} at run time.
 *   <li>{@code apiRefs}: the classes that appear in what other classes can see of this one
 *       (supertypes, non-private field and method types, thrown exceptions). A change to such a
 *       class changes this class's API too, even though this class's own bytes stay the same.
 *   <li>{@code constants}: non-private {@code final} fields with a compile-time value. javac
 *       copies those values into their users and leaves no reference behind, so no {@code refs}
 *       entry can find the users; a change here has to be caught by comparing values.
 *   <li>{@code api}: what another module compiles against, as text: the class's flags, supertypes
 *       and generic signature, and every non-private member's flags, name, descriptor, signature,
 *       thrown exceptions and constant value. Method bodies, private members and debug data are
 *       left out, so a body-only edit leaves it equal and the modules that depend on this one need
 *       no compile.
 * </ul>
 */
record ClassFileInfo(String name, String sourceFile, Set<String> refs, Set<String> apiRefs,
    Map<String, Object> constants, String api) {

  private static final Pattern TYPE = Pattern.compile("L([^;<>.\\[()]+)[;<]");
  private static final int ACC_PRIVATE = 0x0002;
  private static final int ACC_FINAL = 0x0010;

  /** The package part of {@link #name}, with slashes ({@code ""} for the unnamed package). */
  String packagePath() {
    int slash = name.lastIndexOf('/');
    return slash < 0 ? "" : name.substring(0, slash);
  }

  /** The source file name: the {@code SourceFile} attribute, else guessed from the top-level name. */
  String sourceFileName() {
    if (sourceFile != null) {
      return sourceFile;
    }
    String simple = name.substring(name.lastIndexOf('/') + 1);
    int dollar = simple.indexOf('$');
    return (dollar > 0 ? simple.substring(0, dollar) : simple) + ".java";
  }

  static ClassFileInfo parse(byte[] bytes) throws IOException {
    return new Reader(new DataInputStream(new ByteArrayInputStream(bytes))).read();
  }

  /** One pass over the file; constant pool first, then the parts that carry API and constants. */
  private static final class Reader {
    private final DataInputStream in;
    private Object[] pool; // String for Utf8, Integer/Long/Float/Double, int[] {tag, a, b} for the rest
    private final Set<String> refs = new HashSet<>();
    private final Set<String> apiRefs = new HashSet<>();
    private final Map<String, Object> constants = new HashMap<>();
    private String sourceFile;
    private final StringBuilder api = new StringBuilder();

    Reader(DataInputStream in) {
      this.in = in;
    }

    ClassFileInfo read() throws IOException {
      if (in.readInt() != 0xCAFEBABE) {
        throw new IOException("not a class file");
      }
      in.readInt(); // minor, major version
      readPool();
      int classAccess = in.readUnsignedShort();
      String name = className(in.readUnsignedShort());
      api.append(classAccess).append(' ').append(name);
      int superIndex = in.readUnsignedShort();
      if (superIndex != 0) {
        apiRefs.add(className(superIndex));
        api.append(" extends ").append(className(superIndex));
      }
      for (int i = in.readUnsignedShort(); i > 0; i--) {
        String iface = className(in.readUnsignedShort());
        apiRefs.add(iface);
        api.append(" implements ").append(iface);
      }
      readMembers(true);
      readMembers(false);
      readAttributes(true, null);
      refs.addAll(apiRefs);
      refs.remove(name);
      apiRefs.remove(name);
      return new ClassFileInfo(name, sourceFile, Set.copyOf(refs), Set.copyOf(apiRefs), Map.copyOf(constants),
          api.toString());
    }

    private void readPool() throws IOException {
      pool = ClassFiles.constantPool(in);
      for (Object entry : pool) {
        if (entry instanceof int[] e && e[0] == 7) {
          addClassOrArray(utf8(e[1]), refs);
        } else if (entry instanceof int[] e && (e[0] == 12 || e[0] == 16)) {
          addTypes(utf8(e[0] == 12 ? e[2] : e[1]), refs); // NameAndType / MethodType descriptors
        } else if (entry instanceof String s && s.indexOf(';') > 0) {
          addTypes(s, refs); // signatures, local variable types, annotation types
        }
      }
    }

    private void readMembers(boolean fields) throws IOException {
      for (int n = in.readUnsignedShort(); n > 0; n--) {
        int access = in.readUnsignedShort();
        String name = utf8(in.readUnsignedShort());
        String descriptor = utf8(in.readUnsignedShort());
        boolean visible = (access & ACC_PRIVATE) == 0;
        if (visible) {
          addTypes(descriptor, apiRefs);
          api.append('\n').append(fields ? "field " : "method ").append(access).append(' ').append(name)
              .append(descriptor);
        }
        // instance fields too: a subclass reading an inherited `final int X = 1` by name gets it inlined
        boolean constant = fields && visible && (access & ACC_FINAL) != 0;
        readAttributes(visible, constant ? name + ":" + descriptor : null);
      }
    }

    /** Reads an attribute table; {@code constantKey} names the field whose ConstantValue counts. */
    private void readAttributes(boolean visible, String constantKey) throws IOException {
      for (int n = in.readUnsignedShort(); n > 0; n--) {
        String attribute = utf8(in.readUnsignedShort());
        int length = in.readInt();
        switch (attribute) {
          case "ConstantValue" -> {
            Object value = constantValue(in.readUnsignedShort());
            if (constantKey != null) {
              constants.put(constantKey, value);
              api.append(" = ").append(value);
            }
          }
          case "SourceFile" -> sourceFile = utf8(in.readUnsignedShort());
          case "Signature" -> {
            String signature = utf8(in.readUnsignedShort());
            if (visible) {
              addTypes(signature, apiRefs);
              api.append(" signature ").append(signature);
            }
          }
          case "Exceptions" -> {
            for (int i = in.readUnsignedShort(); i > 0; i--) {
              String thrown = className(in.readUnsignedShort());
              if (visible) {
                apiRefs.add(thrown);
                api.append(" throws ").append(thrown);
              }
            }
          }
          default -> in.skipNBytes(length);
        }
      }
    }

    private Object constantValue(int index) {
      Object value = pool[index];
      return value instanceof int[] string ? utf8(string[1]) : value; // CONSTANT_String or a number
    }

    private String className(int index) {
      return utf8(((int[]) pool[index])[1]);
    }

    private String utf8(int index) {
      return (String) pool[index];
    }

    private static void addClassOrArray(String name, Set<String> into) {
      if (name.startsWith("[")) {
        addTypes(name, into);
      } else {
        into.add(name);
      }
    }

    private static void addTypes(String descriptorOrSignature, Set<String> into) {
      Matcher m = TYPE.matcher(descriptorOrSignature);
      while (m.find()) {
        into.add(m.group(1));
      }
    }
  }
}
