public enum SpeakAPIPlaceholder {}
