package ai.liouna.train;

import java.util.Locale;

import ai.liouna.config.Settings;
import ai.liouna.config.SettingsException;
import ai.liouna.model.BlockDesign;
import ai.liouna.model.ModelSpec;
import ai.liouna.model.WeightInitScheme;
import ai.liouna.rule.L1ConvolutionGradient;
import ai.liouna.rule.LiounaRule;
import ai.liouna.rule.LiounaSettings;
import ai.liouna.rule.LocalRule;
import ai.liouna.rule.SoftHebbRule;
import ai.liouna.rule.SoftHebbSettings;
import ai.liouna.rule.TrainedBlocks;

/** Turns the {@code model} and {@code pretrain} settings into a model spec and a rule. */
public final class TrainingSetup {

    private TrainingSetup() {
    }

    /** The backbone described by {@code model.*}, for images of the given shape. */
    public static ModelSpec modelSpec(Settings settings, int inputChannels, int imageSize) {
        try {
            return new ModelSpec(
                    BlockDesign.fromConfig(settings.getString("model.design")),
                    inputChannels, imageSize,
                    settings.getIntList("model.channels"),
                    settings.getIntList("model.kernelSizes"),
                    WeightInitScheme.fromConfig(settings.getString("model.init")),
                    settings.getDouble("model.initRadius"),
                    settings.getLong("run.seed"));
        } catch (IllegalArgumentException e) {
            throw new SettingsException(e.getMessage(), e);
        }
    }

    /** The local rule named by {@code pretrain.algorithm}, or null for {@code none}. */
    public static LocalRule rule(Settings settings) {
        String algorithm = settings.getString("pretrain.algorithm").toLowerCase(Locale.ROOT);
        try {
            return switch (algorithm) {
                case "liouna" -> new LiounaRule(liounaSettings(settings), engine(settings),
                        trainedBlocks(settings));
                case "softhebb" -> new SoftHebbRule(softHebbSettings(settings),
                        engine(settings), trainedBlocks(settings));
                case "none" -> null;
                default -> throw new SettingsException("pretrain.algorithm = '" + algorithm
                        + "' is not one of: liouna, softhebb, none");
            };
        } catch (IllegalArgumentException e) {
            throw new SettingsException(e.getMessage(), e);
        }
    }

    /** {@code pretrain.blocks}, checked against the depth {@code model.channels} gives. */
    public static TrainedBlocks trainedBlocks(Settings settings) {
        int depth = settings.getIntList("model.channels").size();
        try {
            return TrainedBlocks.of(settings.getInts("pretrain.blocks"), depth);
        } catch (IllegalArgumentException e) {
            throw new SettingsException(e.getMessage(), e);
        }
    }

    private static L1ConvolutionGradient.Engine engine(Settings settings) {
        return L1ConvolutionGradient.Engine.fromConfig(
                settings.getString("pretrain.convolutionEngine"));
    }

    /** The {@code pretrain.softhebb} section, its temperatures checked against the depth. */
    public static SoftHebbSettings softHebbSettings(Settings settings) {
        SoftHebbSettings softHebb = new SoftHebbSettings(
                settings.getDouble("pretrain.softhebb.learningRate"),
                settings.getDoubles("pretrain.softhebb.temperature"),
                settings.getDouble("pretrain.softhebb.schedulerPower"));
        int depth = settings.getIntList("model.channels").size();
        softHebb.temperature(depth - 1, depth);
        return softHebb;
    }

    public static LiounaSettings liounaSettings(Settings settings) {
        return new LiounaSettings(
                settings.getDouble("pretrain.learningRate"),
                settings.getDouble("pretrain.maskRatio.max"),
                settings.getDouble("pretrain.maskRatio.min"),
                LiounaSettings.update(settings.getString("pretrain.update")),
                LiounaSettings.maskScaling(settings.getString("pretrain.maskScaling")),
                LiounaSettings.masking(settings.getString("pretrain.masking")),
                settings.getDouble("pretrain.neuronNorm"));
    }
}
