package dev.sure4j.cli.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sure4j.adapters.AdapterInit;
import dev.sure4j.adapters.bottleneck.BottleneckSpec;
import dev.sure4j.adapters.conv.ConvAdapterSpec;
import org.junit.jupiter.api.Test;

class TaskMethodTest {

  @Test
  void aliasesAndTableLabelsNameTheSameMethod() {
    for (String n : new String[] {"conv", "convadapter", "conv-adapter", "ConvAdapter", "CONV"}) {
      assertEquals(TaskMethod.CONV, TaskMethod.parse(n), n);
    }
    for (String n : new String[] {"full", "finetune", "fine-tune", "full fine-tuning"}) {
      assertEquals(TaskMethod.FULL, TaskMethod.parse(n), n);
    }
    assertEquals(TaskMethod.PROBE, TaskMethod.parse("linear probe"));
    assertEquals(TaskMethod.PREFIX, TaskMethod.parse("prefix tuning"));
    assertEquals(TaskMethod.CONV_IDENTITY, TaskMethod.parse("ConvAdapter (identity)"));
    assertEquals(TaskMethod.CONV_IDENTITY, TaskMethod.parse("convadapter-identity"));
    assertEquals(TaskMethod.BOTTLENECK_IDENTITY, TaskMethod.parse("bottleneck (identity)"));
  }

  @Test
  void everyLabelParsesBackToItsMethod() {
    for (TaskMethod m : TaskMethod.values()) {
      assertEquals(m, TaskMethod.parse(m.label()), m.label());
      assertEquals(m, TaskMethod.parse(m.cliName()), m.cliName());
    }
  }

  @Test
  void identityRowsDifferFromTheSeedRowsOnlyInTheirInit() {
    assertEquals(AdapterInit.SEED, ((ConvAdapterSpec) TaskMethod.CONV.spec()).init());
    assertEquals(AdapterInit.IDENTITY, ((ConvAdapterSpec) TaskMethod.CONV_IDENTITY.spec()).init());
    assertEquals(AdapterInit.SEED, ((BottleneckSpec) TaskMethod.BOTTLENECK.spec()).init());
    assertEquals(
        ((BottleneckSpec) TaskMethod.BOTTLENECK.spec()).widthFor(64),
        ((BottleneckSpec) TaskMethod.BOTTLENECK_IDENTITY.spec()).widthFor(64));
  }

  @Test
  void anUnknownNameListsTheKnownOnes() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TaskMethod.parse("dora"));
    assertTrue(e.getMessage().contains("'dora'") && e.getMessage().contains("conv-identity"));
  }
}
