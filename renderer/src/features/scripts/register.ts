import { registerReplyPicker } from '../tickets/reply-extension'
import { ScriptPicker } from './ScriptPicker'

// The ticket desk's reply box shows registered pickers; registering at load keeps the desk
// free of any dependency on the script library.
registerReplyPicker(ScriptPicker)
