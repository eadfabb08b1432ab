package dev.runner.hotswap;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A method's {@code Code} attribute as text that means the same for two compiles of the same
 * body: every constant-pool operand is {@linkplain ConstantPool#render rendered}, {@code ldc} and
 * {@code ldc_w} (and {@code goto}/{@code goto_w}, {@code jsr}/{@code jsr_w}) are one instruction
 * each, and branch targets, switch targets and exception ranges are instruction numbers, not byte
 * offsets (a wider {@code ldc_w} or a switch's padding moves the offsets of everything after
 * it). The stack map, line numbers and local variable names are derived or debug data and are
 * left out: a body whose only difference is its line numbers is not a changed method.
 */
final class Bytecode {
  /** Instruction lengths by opcode (JVMS 6.5); 0 for the variable ones, -1 for opcodes a class file may not hold. */
  private static final int[] LENGTH = new int[256];

  static {
    Arrays.fill(LENGTH, -1);
    fill(0x00, 0x0f, 1); // nop, constants
    LENGTH[0x10] = 2; // bipush
    LENGTH[0x11] = 3; // sipush
    LENGTH[0x12] = 2; // ldc
    LENGTH[0x13] = 3; // ldc_w
    LENGTH[0x14] = 3; // ldc2_w
    fill(0x15, 0x19, 2); // iload .. aload
    fill(0x1a, 0x35, 1); // iload_0 .. saload
    fill(0x36, 0x3a, 2); // istore .. astore
    fill(0x3b, 0x83, 1); // istore_0 .. lxor: stores, array stores, stack, arithmetic
    LENGTH[0x84] = 3; // iinc
    fill(0x85, 0x98, 1); // conversions, comparisons
    fill(0x99, 0xa8, 3); // if*, goto, jsr
    LENGTH[0xa9] = 2; // ret
    LENGTH[0xaa] = 0; // tableswitch
    LENGTH[0xab] = 0; // lookupswitch
    fill(0xac, 0xb1, 1); // returns
    fill(0xb2, 0xb8, 3); // field access, invokevirtual/special/static
    LENGTH[0xb9] = 5; // invokeinterface
    LENGTH[0xba] = 5; // invokedynamic
    LENGTH[0xbb] = 3; // new
    LENGTH[0xbc] = 2; // newarray
    LENGTH[0xbd] = 3; // anewarray
    fill(0xbe, 0xbf, 1); // arraylength, athrow
    fill(0xc0, 0xc1, 3); // checkcast, instanceof
    fill(0xc2, 0xc3, 1); // monitorenter, monitorexit
    LENGTH[0xc4] = 0; // wide
    LENGTH[0xc5] = 4; // multianewarray
    fill(0xc6, 0xc7, 3); // ifnull, ifnonnull
    fill(0xc8, 0xc9, 5); // goto_w, jsr_w
  }

  private Bytecode() {}

  private static void fill(int from, int to, int length) {
    for (int op = from; op <= to; op++) {
      LENGTH[op] = length;
    }
  }

  /** The {@code Code} attribute's body (after its name and length) as comparable text. */
  static String normalize(byte[] attribute, ConstantPool pool) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(attribute));
    in.readUnsignedShort(); // max_stack and max_locals follow from the instructions
    in.readUnsignedShort();
    byte[] code = new byte[in.readInt()];
    in.readFully(code);
    int[] ordinal = ordinals(code);
    StringBuilder text = new StringBuilder();
    instructions(ByteBuffer.wrap(code), ordinal, pool, text);
    for (int n = in.readUnsignedShort(); n > 0; n--) {
      text.append("\ntry ").append(target(ordinal, in.readUnsignedShort())).append('-')
          .append(target(ordinal, in.readUnsignedShort())).append(" -> ")
          .append(target(ordinal, in.readUnsignedShort()));
      int type = in.readUnsignedShort();
      text.append(' ').append(type == 0 ? "any" : pool.className(type));
    }
    return text.toString();
  }

  /** For each byte offset the number of the instruction that starts there (-1 inside one); the end is one past the last. */
  private static int[] ordinals(byte[] code) throws IOException {
    int[] ordinal = new int[code.length + 1];
    Arrays.fill(ordinal, -1);
    int n = 0;
    for (int pc = 0; pc < code.length; pc += length(code, pc)) {
      ordinal[pc] = n++;
    }
    ordinal[code.length] = n;
    return ordinal;
  }

  static int length(byte[] code, int pc) throws IOException {
    int op = code[pc] & 0xff;
    int fixed = LENGTH[op];
    if (fixed < 0) {
      throw new IOException("invalid opcode " + op + " at " + pc);
    }
    int length = fixed;
    if (op == 0xaa || op == 0xab) {
      ByteBuffer b = ByteBuffer.wrap(code);
      int at = pc + 1 + pad(pc);
      length = op == 0xaa
          ? 1 + pad(pc) + 12 + 4 * (int) ((long) b.getInt(at + 8) - b.getInt(at + 4) + 1)
          : 1 + pad(pc) + 8 + 8 * b.getInt(at + 4);
    } else if (op == 0xc4) {
      length = pc + 1 < code.length && (code[pc + 1] & 0xff) == 0x84 ? 6 : 4;
    }
    if (length <= 0 || pc + length > code.length) {
      throw new IOException("instruction at " + pc + " runs past the end of the code");
    }
    return length;
  }

  private static int pad(int pc) {
    return (4 - (pc + 1) % 4) % 4;
  }

  private static void instructions(ByteBuffer code, int[] ordinal, ConstantPool pool, StringBuilder text)
      throws IOException {
    byte[] bytes = code.array();
    for (int pc = 0; pc < bytes.length; ) {
      int op = bytes[pc] & 0xff;
      int length = length(bytes, pc);
      text.append('\n');
      switch (op) {
        case 0x12, 0x13 -> text.append("ldc ").append(pool.render(op == 0x12 ? bytes[pc + 1] & 0xff : code.getShort(pc + 1) & 0xffff));
        case 0x14, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xbb, 0xbd, 0xc0, 0xc1 ->
            text.append(op).append(' ').append(pool.render(code.getShort(pc + 1) & 0xffff));
        case 0xb9, 0xba -> text.append(op).append(' ').append(pool.render(code.getShort(pc + 1) & 0xffff));
        case 0xc5 -> text.append(op).append(' ').append(pool.render(code.getShort(pc + 1) & 0xffff))
            .append(' ').append(bytes[pc + 3] & 0xff);
        case 0xa7, 0xc8 -> text.append("goto ").append(target(ordinal, pc + (op == 0xa7 ? code.getShort(pc + 1) : code.getInt(pc + 1))));
        case 0xa8, 0xc9 -> text.append("jsr ").append(target(ordinal, pc + (op == 0xa8 ? code.getShort(pc + 1) : code.getInt(pc + 1))));
        case 0x99, 0x9a, 0x9b, 0x9c, 0x9d, 0x9e, 0x9f, 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xc6, 0xc7 ->
            text.append(op).append(' ').append(target(ordinal, pc + code.getShort(pc + 1)));
        case 0xaa -> {
          int at = pc + 1 + pad(pc);
          int low = code.getInt(at + 4);
          int high = code.getInt(at + 8);
          text.append("tableswitch ").append(low).append(" default ").append(target(ordinal, pc + code.getInt(at)));
          for (int i = 0; i <= high - low; i++) {
            text.append(' ').append(target(ordinal, pc + code.getInt(at + 12 + 4 * i)));
          }
        }
        case 0xab -> {
          int at = pc + 1 + pad(pc);
          text.append("lookupswitch default ").append(target(ordinal, pc + code.getInt(at)));
          for (int i = 0, n = code.getInt(at + 4); i < n; i++) {
            text.append(' ').append(code.getInt(at + 8 + 8 * i)).append(':')
                .append(target(ordinal, pc + code.getInt(at + 12 + 8 * i)));
          }
        }
        default -> { // no pool operand, no branch: the bytes themselves (wide included) mean the same everywhere
          for (int i = 0; i < length; i++) {
            text.append(i == 0 ? "" : " ").append(bytes[pc + i] & 0xff);
          }
        }
      }
      pc += length;
    }
  }

  private static String target(int[] ordinal, int offset) throws IOException {
    if (offset < 0 || offset >= ordinal.length || ordinal[offset] < 0) {
      throw new IOException("branch to " + offset + ", which is not an instruction");
    }
    return "@" + ordinal[offset];
  }
}
