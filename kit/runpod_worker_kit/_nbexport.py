"nbdev export processor: `#| export_to FILE.py` writes cells to FILE.py relative to the project root"
# Hand-written (nbdev cannot generate its own export processor); keep it this small.
from nbdev.config import get_config
from nbdev.maker import ModuleMaker
from nbdev.process import Processor

class ExportTo(Processor):
    "Collect cells marked `#| export_to FILE.py` and write each FILE.py under the project root"
    def begin(self): self.files = {}
    def _export_to_(self, cell, fname): self.files.setdefault(fname, []).append(cell)
    def end(self):
        cfg = get_config()
        for fname,cells in self.files.items():
            dest = cfg.config_path/fname
            mm = ModuleMaker(dest=dest.parent, name=dest.stem, nb_path=self.nb.path_, is_new=True, solo_nb=True)
            mm.make(cells, lib_path=cfg.lib_path)
