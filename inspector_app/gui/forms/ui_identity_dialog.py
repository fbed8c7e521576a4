# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'identity_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.12.0
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QDialog,
    QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
    QSizePolicy, QVBoxLayout, QWidget)

class Ui_IdentityDialog(object):
    def setupUi(self, IdentityDialog):
        if not IdentityDialog.objectName():
            IdentityDialog.setObjectName(u"IdentityDialog")
        IdentityDialog.resize(420, 230)
        self.mainLayout = QVBoxLayout(IdentityDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.introLabel = QLabel(IdentityDialog)
        self.introLabel.setObjectName(u"introLabel")
        self.introLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.introLabel)

        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.nameLabel = QLabel(IdentityDialog)
        self.nameLabel.setObjectName(u"nameLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.nameLabel)

        self.nameEdit = QLineEdit(IdentityDialog)
        self.nameEdit.setObjectName(u"nameEdit")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.nameEdit)

        self.initialsLabel = QLabel(IdentityDialog)
        self.initialsLabel.setObjectName(u"initialsLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.initialsLabel)

        self.initialsEdit = QLineEdit(IdentityDialog)
        self.initialsEdit.setObjectName(u"initialsEdit")
        self.initialsEdit.setMaxLength(4)

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.initialsEdit)

        self.roleLabel = QLabel(IdentityDialog)
        self.roleLabel.setObjectName(u"roleLabel")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.roleLabel)

        self.roleCombo = QComboBox(IdentityDialog)
        self.roleCombo.setObjectName(u"roleCombo")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.roleCombo)


        self.mainLayout.addLayout(self.formLayout)

        self.buttonBox = QDialogButtonBox(IdentityDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.Cancel|QDialogButtonBox.Ok)

        self.mainLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.nameLabel.setBuddy(self.nameEdit)
        self.initialsLabel.setBuddy(self.initialsEdit)
        self.roleLabel.setBuddy(self.roleCombo)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.nameEdit, self.initialsEdit)
        QWidget.setTabOrder(self.initialsEdit, self.roleCombo)

        self.retranslateUi(IdentityDialog)

        QMetaObject.connectSlotsByName(IdentityDialog)
    # setupUi

    def retranslateUi(self, IdentityDialog):
        IdentityDialog.setWindowTitle(QCoreApplication.translate("IdentityDialog", u"Who is using Inspector App?", None))
        self.introLabel.setText(QCoreApplication.translate("IdentityDialog", u"Your name is recorded on everything you write, so that the lead inspector can see who found what when the team's work is merged.", None))
        self.nameLabel.setText(QCoreApplication.translate("IdentityDialog", u"&Name", None))
#if QT_CONFIG(accessibility)
        self.nameEdit.setAccessibleName(QCoreApplication.translate("IdentityDialog", u"Your name", None))
#endif // QT_CONFIG(accessibility)
        self.nameEdit.setPlaceholderText(QCoreApplication.translate("IdentityDialog", u"e.g. Priya Raman", None))
        self.initialsLabel.setText(QCoreApplication.translate("IdentityDialog", u"&Initials", None))
#if QT_CONFIG(accessibility)
        self.initialsEdit.setAccessibleName(QCoreApplication.translate("IdentityDialog", u"Your initials", None))
#endif // QT_CONFIG(accessibility)
        self.roleLabel.setText(QCoreApplication.translate("IdentityDialog", u"&Role", None))
#if QT_CONFIG(accessibility)
        self.roleCombo.setAccessibleName(QCoreApplication.translate("IdentityDialog", u"Your role", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

