# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'inspection_dialog.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QComboBox, QDateEdit,
    QDialog, QDialogButtonBox, QFormLayout, QGroupBox,
    QLabel, QLineEdit, QPlainTextEdit, QSizePolicy,
    QVBoxLayout, QWidget)

class Ui_InspectionDialog(object):
    def setupUi(self, InspectionDialog):
        if not InspectionDialog.objectName():
            InspectionDialog.setObjectName(u"InspectionDialog")
        InspectionDialog.resize(620, 640)
        self.mainLayout = QVBoxLayout(InspectionDialog)
        self.mainLayout.setObjectName(u"mainLayout")
        self.formLayout = QFormLayout()
        self.formLayout.setObjectName(u"formLayout")
        self.authorityLabel = QLabel(InspectionDialog)
        self.authorityLabel.setObjectName(u"authorityLabel")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.LabelRole, self.authorityLabel)

        self.authorityEdit = QLineEdit(InspectionDialog)
        self.authorityEdit.setObjectName(u"authorityEdit")

        self.formLayout.setWidget(0, QFormLayout.ItemRole.FieldRole, self.authorityEdit)

        self.kindLabel = QLabel(InspectionDialog)
        self.kindLabel.setObjectName(u"kindLabel")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.LabelRole, self.kindLabel)

        self.kindCombo = QComboBox(InspectionDialog)
        self.kindCombo.setObjectName(u"kindCombo")

        self.formLayout.setWidget(1, QFormLayout.ItemRole.FieldRole, self.kindCombo)

        self.frameworkLabel = QLabel(InspectionDialog)
        self.frameworkLabel.setObjectName(u"frameworkLabel")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.LabelRole, self.frameworkLabel)

        self.frameworkCombo = QComboBox(InspectionDialog)
        self.frameworkCombo.setObjectName(u"frameworkCombo")

        self.formLayout.setWidget(2, QFormLayout.ItemRole.FieldRole, self.frameworkCombo)

        self.startLabel = QLabel(InspectionDialog)
        self.startLabel.setObjectName(u"startLabel")

        self.formLayout.setWidget(3, QFormLayout.ItemRole.LabelRole, self.startLabel)

        self.startDate = QDateEdit(InspectionDialog)
        self.startDate.setObjectName(u"startDate")
        self.startDate.setCalendarPopup(True)

        self.formLayout.setWidget(3, QFormLayout.ItemRole.FieldRole, self.startDate)

        self.endLabel = QLabel(InspectionDialog)
        self.endLabel.setObjectName(u"endLabel")

        self.formLayout.setWidget(4, QFormLayout.ItemRole.LabelRole, self.endLabel)

        self.endDate = QDateEdit(InspectionDialog)
        self.endDate.setObjectName(u"endDate")
        self.endDate.setCalendarPopup(True)

        self.formLayout.setWidget(4, QFormLayout.ItemRole.FieldRole, self.endDate)

        self.statusLabel = QLabel(InspectionDialog)
        self.statusLabel.setObjectName(u"statusLabel")

        self.formLayout.setWidget(5, QFormLayout.ItemRole.LabelRole, self.statusLabel)

        self.statusCombo = QComboBox(InspectionDialog)
        self.statusCombo.setObjectName(u"statusCombo")

        self.formLayout.setWidget(5, QFormLayout.ItemRole.FieldRole, self.statusCombo)

        self.focusLabel = QLabel(InspectionDialog)
        self.focusLabel.setObjectName(u"focusLabel")

        self.formLayout.setWidget(6, QFormLayout.ItemRole.LabelRole, self.focusLabel)

        self.focusCombo = QComboBox(InspectionDialog)
        self.focusCombo.setObjectName(u"focusCombo")

        self.formLayout.setWidget(6, QFormLayout.ItemRole.FieldRole, self.focusCombo)

        self.dcsLabel = QLabel(InspectionDialog)
        self.dcsLabel.setObjectName(u"dcsLabel")

        self.formLayout.setWidget(7, QFormLayout.ItemRole.LabelRole, self.dcsLabel)

        self.dcsEdit = QLineEdit(InspectionDialog)
        self.dcsEdit.setObjectName(u"dcsEdit")

        self.formLayout.setWidget(7, QFormLayout.ItemRole.FieldRole, self.dcsEdit)

        self.leadLabel = QLabel(InspectionDialog)
        self.leadLabel.setObjectName(u"leadLabel")

        self.formLayout.setWidget(8, QFormLayout.ItemRole.LabelRole, self.leadLabel)

        self.leadEdit = QLineEdit(InspectionDialog)
        self.leadEdit.setObjectName(u"leadEdit")

        self.formLayout.setWidget(8, QFormLayout.ItemRole.FieldRole, self.leadEdit)

        self.teamLabel = QLabel(InspectionDialog)
        self.teamLabel.setObjectName(u"teamLabel")

        self.formLayout.setWidget(9, QFormLayout.ItemRole.LabelRole, self.teamLabel)

        self.teamEdit = QPlainTextEdit(InspectionDialog)
        self.teamEdit.setObjectName(u"teamEdit")
        self.teamEdit.setTabChangesFocus(True)
        self.teamEdit.setMaximumSize(QSize(16777215, 80))

        self.formLayout.setWidget(9, QFormLayout.ItemRole.FieldRole, self.teamEdit)


        self.mainLayout.addLayout(self.formLayout)

        self.previousGroup = QGroupBox(InspectionDialog)
        self.previousGroup.setObjectName(u"previousGroup")
        self.previousLayout = QFormLayout(self.previousGroup)
        self.previousLayout.setObjectName(u"previousLayout")

        self.mainLayout.addWidget(self.previousGroup)

        self.errorLabel = QLabel(InspectionDialog)
        self.errorLabel.setObjectName(u"errorLabel")
        self.errorLabel.setWordWrap(True)

        self.mainLayout.addWidget(self.errorLabel)

        self.buttonBox = QDialogButtonBox(InspectionDialog)
        self.buttonBox.setObjectName(u"buttonBox")
        self.buttonBox.setStandardButtons(QDialogButtonBox.Cancel|QDialogButtonBox.Ok)

        self.mainLayout.addWidget(self.buttonBox)

#if QT_CONFIG(shortcut)
        self.authorityLabel.setBuddy(self.authorityEdit)
        self.kindLabel.setBuddy(self.kindCombo)
        self.frameworkLabel.setBuddy(self.frameworkCombo)
        self.startLabel.setBuddy(self.startDate)
        self.endLabel.setBuddy(self.endDate)
        self.statusLabel.setBuddy(self.statusCombo)
        self.focusLabel.setBuddy(self.focusCombo)
        self.dcsLabel.setBuddy(self.dcsEdit)
        self.leadLabel.setBuddy(self.leadEdit)
        self.teamLabel.setBuddy(self.teamEdit)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.authorityEdit, self.kindCombo)
        QWidget.setTabOrder(self.kindCombo, self.frameworkCombo)
        QWidget.setTabOrder(self.frameworkCombo, self.startDate)
        QWidget.setTabOrder(self.startDate, self.endDate)
        QWidget.setTabOrder(self.endDate, self.statusCombo)
        QWidget.setTabOrder(self.statusCombo, self.focusCombo)
        QWidget.setTabOrder(self.focusCombo, self.dcsEdit)
        QWidget.setTabOrder(self.dcsEdit, self.leadEdit)
        QWidget.setTabOrder(self.leadEdit, self.teamEdit)

        self.retranslateUi(InspectionDialog)

        QMetaObject.connectSlotsByName(InspectionDialog)
    # setupUi

    def retranslateUi(self, InspectionDialog):
        InspectionDialog.setWindowTitle(QCoreApplication.translate("InspectionDialog", u"New inspection", None))
        self.authorityLabel.setText(QCoreApplication.translate("InspectionDialog", u"Local &authority", None))
#if QT_CONFIG(accessibility)
        self.authorityEdit.setAccessibleName(QCoreApplication.translate("InspectionDialog", u"Local authority", None))
#endif // QT_CONFIG(accessibility)
        self.authorityEdit.setPlaceholderText(QCoreApplication.translate("InspectionDialog", u"e.g. Northmoor", None))
        self.kindLabel.setText(QCoreApplication.translate("InspectionDialog", u"&Kind", None))
#if QT_CONFIG(accessibility)
        self.kindCombo.setAccessibleName(QCoreApplication.translate("InspectionDialog", u"Kind of inspection", None))
#endif // QT_CONFIG(accessibility)
        self.frameworkLabel.setText(QCoreApplication.translate("InspectionDialog", u"&Framework", None))
#if QT_CONFIG(accessibility)
        self.frameworkCombo.setAccessibleName(QCoreApplication.translate("InspectionDialog", u"Framework", None))
#endif // QT_CONFIG(accessibility)
        self.startLabel.setText(QCoreApplication.translate("InspectionDialog", u"First day on &site", None))
#if QT_CONFIG(accessibility)
        self.startDate.setAccessibleName(QCoreApplication.translate("InspectionDialog", u"First day on site", None))
#endif // QT_CONFIG(accessibility)
        self.startDate.setDisplayFormat(QCoreApplication.translate("InspectionDialog", u"d MMMM yyyy", None))
        self.endLabel.setText(QCoreApplication.translate("InspectionDialog", u"&Last day on site", None))
#if QT_CONFIG(accessibility)
        self.endDate.setAccessibleName(QCoreApplication.translate("InspectionDialog", u"Last day on site", None))
#endif // QT_CONFIG(accessibility)
        self.endDate.setDisplayFormat(QCoreApplication.translate("InspectionDialog", u"d MMMM yyyy", None))
        self.statusLabel.setText(QCoreApplication.translate("InspectionDialog", u"S&tatus", None))
#if QT_CONFIG(accessibility)
        self.statusCombo.setAccessibleName(QCoreApplication.translate("InspectionDialog", u"Status", None))
#endif // QT_CONFIG(accessibility)
        self.focusLabel.setText(QCoreApplication.translate("InspectionDialog", u"F&ocus of the visit", None))
#if QT_CONFIG(accessibility)
        self.focusCombo.setAccessibleName(QCoreApplication.translate("InspectionDialog", u"Focus of the visit", None))
#endif // QT_CONFIG(accessibility)
        self.dcsLabel.setText(QCoreApplication.translate("InspectionDialog", u"&Director of children's services", None))
#if QT_CONFIG(accessibility)
        self.dcsEdit.setAccessibleName(QCoreApplication.translate("InspectionDialog", u"Director of children's services", None))
#endif // QT_CONFIG(accessibility)
        self.leadLabel.setText(QCoreApplication.translate("InspectionDialog", u"Lea&d inspector", None))
#if QT_CONFIG(accessibility)
        self.leadEdit.setAccessibleName(QCoreApplication.translate("InspectionDialog", u"Lead inspector", None))
#endif // QT_CONFIG(accessibility)
        self.leadEdit.setPlaceholderText(QCoreApplication.translate("InspectionDialog", u"Name (initials)", None))
        self.teamLabel.setText(QCoreApplication.translate("InspectionDialog", u"Tea&m inspectors", None))
#if QT_CONFIG(accessibility)
        self.teamEdit.setAccessibleName(QCoreApplication.translate("InspectionDialog", u"Team inspectors, one per line", None))
#endif // QT_CONFIG(accessibility)
        self.teamEdit.setPlaceholderText(QCoreApplication.translate("InspectionDialog", u"One per line: Name (initials)", None))
        self.previousGroup.setTitle(QCoreApplication.translate("InspectionDialog", u"The authority's previous grades (for \"improved / declined\" in the report)", None))
        self.errorLabel.setText("")
    # retranslateUi

