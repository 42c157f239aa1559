// The common imports of a sure4j shell (./sure4j shell loads this file at start-up).
import ai.djl.ndarray.*;
import ai.djl.ndarray.types.*;
import ai.djl.training.ParameterStore;
import dev.sure4j.adapters.*;
import dev.sure4j.adapters.model.*;
import dev.sure4j.adapters.files.*;
import dev.sure4j.adapters.lora.*;
import dev.sure4j.adapters.train.*;
import dev.sure4j.speech.audio.*;
import dev.sure4j.speech.data.*;
import dev.sure4j.speech.encoder.*;
import dev.sure4j.speech.loading.*;
import dev.sure4j.speech.tasks.*;
import java.nio.file.*;
import java.util.*;
