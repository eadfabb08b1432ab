package dev.runner.hotswap;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.Set;

/**
 * The annotation attributes of a class, field, method or record component (JVMS 4.7.16–4.7.22)
 * as comparable text, with the type descriptor of every annotation met collected on the side
 * (that is how a lifecycle method is recognised).
 */
final class Annotations {
  private Annotations() {}

  static boolean isAnnotationAttribute(String name) {
    return name.startsWith("Runtime") && name.endsWith("Annotations") || name.equals("AnnotationDefault");
  }

  /** {@code attribute} is the body of the attribute called {@code name}. */
  static String render(String name, byte[] attribute, ConstantPool pool, Set<String> types) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(attribute));
    StringBuilder text = new StringBuilder();
    switch (name) {
      case "RuntimeVisibleAnnotations", "RuntimeInvisibleAnnotations" -> annotations(in, pool, types, text);
      case "RuntimeVisibleParameterAnnotations", "RuntimeInvisibleParameterAnnotations" -> {
        for (int p = in.readUnsignedByte(), i = 0; i < p; i++) {
          text.append("param").append(i).append('[');
          annotations(in, pool, types, text);
          text.append(']');
        }
      }
      case "RuntimeVisibleTypeAnnotations", "RuntimeInvisibleTypeAnnotations" -> {
        for (int n = in.readUnsignedShort(); n > 0; n--) {
          typeTarget(in, text);
          annotation(in, pool, types, text);
        }
      }
      case "AnnotationDefault" -> value(in, pool, types, text);
      default -> throw new IOException("not an annotation attribute: " + name);
    }
    return text.toString();
  }

  private static void annotations(DataInputStream in, ConstantPool pool, Set<String> types, StringBuilder text)
      throws IOException {
    for (int n = in.readUnsignedShort(); n > 0; n--) {
      annotation(in, pool, types, text);
    }
  }

  private static void annotation(DataInputStream in, ConstantPool pool, Set<String> types, StringBuilder text)
      throws IOException {
    String type = pool.utf8(in.readUnsignedShort());
    types.add(type);
    text.append('@').append(type).append('(');
    for (int n = in.readUnsignedShort(); n > 0; n--) {
      text.append(pool.utf8(in.readUnsignedShort())).append('=');
      value(in, pool, types, text);
      text.append(';');
    }
    text.append(')');
  }

  private static void value(DataInputStream in, ConstantPool pool, Set<String> types, StringBuilder text)
      throws IOException {
    int tag = in.readUnsignedByte();
    text.append((char) tag);
    switch (tag) {
      case 'B', 'C', 'D', 'F', 'I', 'J', 'S', 'Z', 's', 'c' -> text.append(pool.render(in.readUnsignedShort()));
      case 'e' -> text.append(pool.utf8(in.readUnsignedShort())).append('.').append(pool.utf8(in.readUnsignedShort()));
      case '@' -> annotation(in, pool, types, text);
      case '[' -> {
        text.append('{');
        for (int n = in.readUnsignedShort(); n > 0; n--) {
          value(in, pool, types, text);
          text.append(',');
        }
        text.append('}');
      }
      default -> throw new IOException("unknown annotation element tag " + tag);
    }
  }

  /** target_type, target_info and type_path: outside a Code attribute none of them holds a pool index or an offset. */
  private static void typeTarget(DataInputStream in, StringBuilder text) throws IOException {
    int target = in.readUnsignedByte();
    int infoLength = switch (target) {
      case 0x00, 0x01, 0x16 -> 1;
      case 0x10, 0x11, 0x12, 0x17 -> 2;
      case 0x13, 0x14, 0x15 -> 0;
      default -> throw new IOException("type annotation target " + target + " outside code");
    };
    text.append("type").append(target);
    for (int i = 0; i < infoLength; i++) {
      text.append('.').append(in.readUnsignedByte());
    }
    for (int n = in.readUnsignedByte() * 2; n > 0; n--) {
      text.append('/').append(in.readUnsignedByte());
    }
  }
}
