/** A small JSON reader and writer: the project model's file format and the status tools read. */
package dev.runner.json;
